package dev.pubsub.httppubsub;

import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization of both directions of one client.
 *
 * @param toBroadcaster requests to the broadcaster and our answers to it
 * @param toSubscriber the broadcaster's requests to us and its answers
 */
public record HttpPubSubCredentials(HttpPubSubAuth toBroadcaster, HttpPubSubAuth toSubscriber) {

	/**
	 * Read a secrets file written by {@code lonelypss --setup} ({@code subscriber-secrets.json},
	 * version 2); a missing direction is none.
	 * @param file the file
	 * @param jsonMapper the mapper
	 * @return the credentials
	 */
	public static HttpPubSubCredentials fromSecretsFile(Path file, JsonMapper jsonMapper) {
		JsonNode root;
		try {
			root = jsonMapper.readTree(Files.readAllBytes(file));
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("Cannot read httppubsub secrets file " + file + ": "
					+ ex.getClass().getSimpleName());
		}
		if (!"2".equals(root.path("version").asString(""))) {
			throw new IllegalArgumentException("httppubsub secrets file " + file + " is not version 2");
		}
		return new HttpPubSubCredentials(direction(root.path("to-broadcaster")), direction(root.path("to-subscriber")));
	}

	private static HttpPubSubAuth direction(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return HttpPubSubAuth.none();
		}
		String type = node.path("type").asString("none");
		HttpPubSubAuth.Mode mode = switch (type) {
			case "none" -> HttpPubSubAuth.Mode.NONE;
			case "token" -> HttpPubSubAuth.Mode.TOKEN;
			case "hmac" -> HttpPubSubAuth.Mode.HMAC;
			default -> throw new IllegalArgumentException("Unknown httppubsub auth type '" + type + "'");
		};
		return HttpPubSubAuth.of(mode, node.path("secret").asString(null));
	}

}
