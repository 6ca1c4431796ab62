package dev.pubsub.core;

import org.springframework.context.ApplicationEvent;

/**
 * Spring {@link ApplicationEvent} carrying a client's {@link ConnectionEvent}; the source is the
 * client.
 */
public class PubSubConnectionApplicationEvent extends ApplicationEvent {

	private final ConnectionEvent connectionEvent;

	public PubSubConnectionApplicationEvent(PubSubClient source, ConnectionEvent connectionEvent) {
		super(source);
		this.connectionEvent = connectionEvent;
	}

	/**
	 * Return the connection event.
	 * @return the event
	 */
	public ConnectionEvent getConnectionEvent() {
		return this.connectionEvent;
	}

	/**
	 * Return the client that emitted the event.
	 * @return the client
	 */
	public PubSubClient getClient() {
		return (PubSubClient) getSource();
	}

}
