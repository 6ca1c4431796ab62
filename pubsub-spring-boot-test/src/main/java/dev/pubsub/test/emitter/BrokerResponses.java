package dev.pubsub.test.emitter;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON the embedded broker writes on {@code emitter/} topics: success and error bodies,
 * presence members, and the envelope that puts the request id ({@code req}) first.
 */
final class BrokerResponses {

	private final JsonMapper json = JsonMapper.builder().build();

	JsonMapper json() {
		return this.json;
	}

	ObjectNode ok() {
		ObjectNode response = this.json.createObjectNode();
		response.put("status", 200);
		return response;
	}

	ObjectNode errorBody(int status, String message) {
		ObjectNode response = this.json.createObjectNode();
		response.put("status", status);
		response.put("message", message);
		return response;
	}

	ObjectNode member(BrokerConnection connection) {
		ObjectNode member = this.json.createObjectNode();
		member.put("id", connection.id());
		if (connection.username() != null && !connection.username().isEmpty()) {
			member.put("username", connection.username());
		}
		return member;
	}

	/**
	 * Send an error on {@code emitter/error/}.
	 * @param to the connection
	 * @param status the status
	 * @param message the message
	 * @param packetId the packet id of what failed, 0 for none
	 */
	void error(BrokerConnection to, int status, String message, int packetId) {
		respond(to, "emitter/error/", errorBody(status, message), packetId);
	}

	/**
	 * Send a response with the request id first.
	 * @param to the connection
	 * @param topic the topic
	 * @param response the body
	 * @param packetId the packet id of the request, 0 for none
	 */
	void respond(BrokerConnection to, String topic, ObjectNode response, int packetId) {
		ObjectNode ordered = this.json.createObjectNode();
		if (packetId != 0) {
			ordered.put("req", packetId);
		}
		ordered.setAll(response);
		to.send(topic, this.json.writeValueAsBytes(ordered));
	}

}
