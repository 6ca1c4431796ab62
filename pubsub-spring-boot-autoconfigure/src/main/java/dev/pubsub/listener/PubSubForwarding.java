package dev.pubsub.listener;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.common.TemplateParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.messaging.Message;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;

/**
 * Where a listener's return value is published: the resolved
 * {@link org.springframework.messaging.handler.annotation.SendTo @SendTo("client:destination")} of
 * the method (or its class). The client part names any client (its {@code pubsub.clients.<name>}
 * key), of any provider; without it ({@code "destination"} or {@code ":destination"}) the listener's
 * own client publishes. Placeholders ({@code ${...}}) and SpEL ({@code #{...}}) are resolved once,
 * at registration; {@code !{...}} in the destination is evaluated for each message against the
 * received message: {@code topic}, {@code routingKey}, {@code messageType}, {@code client} and the
 * listener's {@code result} (for example {@code @SendTo("events:!{'readings.' + topic}")}).
 * <p>
 * A returned {@link Message} publishes its payload, with its {@link PubSubHeaders#MESSAGE_TYPE}
 * header as the message type.
 */
public final class PubSubForwarding {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final TemplateParserContext RUNTIME_TEMPLATE = new TemplateParserContext("!{", "}");

	private static final SimpleEvaluationContext EVALUATION_CONTEXT = SimpleEvaluationContext.forReadOnlyDataBinding()
		.build();

	private final PubSubClient client;

	private final String destination;

	private final @Nullable Expression expression;

	private PubSubForwarding(PubSubClient client, String destination, @Nullable Expression expression) {
		this.client = client;
		this.destination = destination;
		this.expression = expression;
	}

	/**
	 * Parse a resolved {@code @SendTo} value.
	 * @param value the value, placeholders and {@code #{...}} already resolved
	 * @param methodDescription the listener method, for error messages
	 * @param listenerClient the listener's own client
	 * @param clients looks a client up by name, {@code null} if there is none of that name
	 * @return the forwarding
	 * @throws IllegalStateException naming the method when the value is blank, names an unknown
	 * client or has an invalid {@code !{...}} expression
	 */
	static PubSubForwarding parse(String value, String methodDescription, PubSubClient listenerClient,
			Function<String, @Nullable PubSubClient> clients) {
		String trimmed = value.trim();
		int colon = trimmed.indexOf(':');
		String clientName = (colon >= 0) ? trimmed.substring(0, colon).trim() : "";
		String destination = (colon >= 0) ? trimmed.substring(colon + 1).trim() : trimmed;
		if (destination.isEmpty()) {
			throw new IllegalStateException("@SendTo on @PubSubListener method " + methodDescription
					+ " needs a destination: \"client:destination\" (or \"destination\" for the listener's own client), "
					+ "but resolved to '" + value + "'");
		}
		PubSubClient client = listenerClient;
		if (!clientName.isEmpty()) {
			PubSubClient named = clients.apply(clientName);
			if (named == null) {
				throw new IllegalStateException("@SendTo(\"" + value + "\") on @PubSubListener method "
						+ methodDescription + " names client '" + clientName + "', which does not exist");
			}
			client = named;
		}
		Expression expression = null;
		if (destination.contains(RUNTIME_TEMPLATE.getExpressionPrefix())) {
			try {
				expression = PARSER.parseExpression(destination, RUNTIME_TEMPLATE);
			}
			catch (ParseException ex) {
				throw new IllegalStateException("@SendTo(\"" + value + "\") on @PubSubListener method "
						+ methodDescription + " has an invalid !{...} expression: " + ex.getMessage(), ex);
			}
		}
		return new PubSubForwarding(client, destination, expression);
	}

	/**
	 * Return the client that publishes the forwarded values.
	 * @return the client
	 */
	public PubSubClient client() {
		return this.client;
	}

	/**
	 * Return the destination as declared (with any {@code !{...}} expression unevaluated).
	 * @return the destination
	 */
	public String destination() {
		return this.destination;
	}

	/**
	 * Resolve the destination for one message.
	 * @param request the received message
	 * @param result the listener's result
	 * @return the topic or channel to publish to
	 */
	String resolveDestination(PubSubMessage request, Object result) {
		if (this.expression == null) {
			return this.destination;
		}
		String resolved = this.expression.getValue(EVALUATION_CONTEXT, new ForwardContext(request, result),
				String.class);
		if (resolved == null || resolved.isBlank()) {
			throw new IllegalStateException("@SendTo destination '" + this.destination + "' evaluated to nothing");
		}
		return resolved;
	}

	/**
	 * Publish a listener's result.
	 * @param request the received message
	 * @param result the result, possibly a {@link Message}
	 * @return the publish future of the target client
	 */
	CompletableFuture<PublishReceipt> forward(PubSubMessage request, Object result) {
		Object payload = result;
		PublishOptions options = PublishOptions.defaults();
		if (result instanceof Message<?> message) {
			payload = message.getPayload();
			Object type = message.getHeaders().get(PubSubHeaders.MESSAGE_TYPE);
			if (type != null) {
				options = PublishOptions.builder().messageType(type.toString()).build();
			}
		}
		return this.client.publish(resolveDestination(request, result), payload, options);
	}

	@Override
	public String toString() {
		return this.client.name() + ":" + this.destination;
	}

	/**
	 * The root object of {@code !{...}} destination expressions.
	 */
	public static final class ForwardContext {

		private final PubSubMessage request;

		private final Object result;

		ForwardContext(PubSubMessage request, Object result) {
			this.request = request;
			this.result = result;
		}

		/** @return the received message */
		public PubSubMessage getRequest() {
			return this.request;
		}

		/** @return the topic or channel the message arrived on */
		public String getTopic() {
			return this.request.topic();
		}

		/** @return the message's routing key */
		public String getRoutingKey() {
			return this.request.routingKey();
		}

		/** @return the message type or event, if the protocol has one */
		public @Nullable String getMessageType() {
			return this.request.messageType();
		}

		/** @return the name of the client that received the message */
		public String getClient() {
			return this.request.clientName();
		}

		/** @return the listener's result */
		public Object getResult() {
			return this.result;
		}

	}

}
