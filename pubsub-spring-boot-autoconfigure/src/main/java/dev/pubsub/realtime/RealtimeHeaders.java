package dev.pubsub.realtime;

import dev.pubsub.core.PubSubHeaders;

/**
 * Realtime-specific message headers, from a delivery's {@code data.client}.
 */
public final class RealtimeHeaders {

	/** The sender's connection id ({@code data.client.connectionId}). */
	public static final String CONNECTION_ID = PubSubHeaders.PREFIX + "realtime_connectionId";

	/** The sender's permissions ({@code data.client.permissions}), a {@code List<String>}. */
	public static final String PERMISSIONS = PubSubHeaders.PREFIX + "realtime_permissions";

	private RealtimeHeaders() {
	}

}
