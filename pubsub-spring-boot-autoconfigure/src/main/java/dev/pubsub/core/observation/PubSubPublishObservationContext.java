package dev.pubsub.core.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PublishReceipt;

/**
 * The context of a {@code pubsub.publish} observation. Its carrier is a map a tracing handler
 * writes propagation fields into; providers whose protocol carries metadata put them on the wire
 * (httppubsub, in its {@code tracing} field; see {@code docs/observability.md}).
 */
public class PubSubPublishObservationContext extends SenderContext<Map<String, String>> {

	private final String clientName;

	private final String clientType;

	private final String destination;

	private @Nullable PublishReceipt receipt;

	/**
	 * Create a context.
	 * @param clientName the publishing client's name
	 * @param clientType the provider type of the client
	 * @param destination the topic or channel published to
	 */
	public PubSubPublishObservationContext(String clientName, String clientType, String destination) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		setCarrier(new LinkedHashMap<>());
		this.clientName = clientName;
		this.clientType = clientType;
		this.destination = destination;
		setRemoteServiceName(clientType);
	}

	/**
	 * Return the publishing client's name.
	 * @return the name
	 */
	public String getClientName() {
		return this.clientName;
	}

	/**
	 * Return the provider type of the client.
	 * @return the type
	 */
	public String getClientType() {
		return this.clientType;
	}

	/**
	 * Return the topic or channel published to.
	 * @return the destination
	 */
	public String getDestination() {
		return this.destination;
	}

	/**
	 * Return the receipt of a successful publish, once it completed.
	 * @return the receipt, or {@code null}
	 */
	public @Nullable PublishReceipt getReceipt() {
		return this.receipt;
	}

	/**
	 * Set the receipt of a successful publish.
	 * @param receipt the receipt
	 */
	public void setReceipt(@Nullable PublishReceipt receipt) {
		this.receipt = receipt;
	}

}
