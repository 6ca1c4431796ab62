package dev.pubsub.realtime;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The connection described by the gateway's welcome frame; new after every reconnect.
 *
 * @param id the connection id, also the reply address {@code priv/<id>}
 * @param appId the application id
 * @param remoteAddress the client's address as the gateway sees it
 */
public record RealtimeConnectionInfo(String id, @Nullable String appId, @Nullable String remoteAddress) {

	/**
	 * Return the info as connection-event details.
	 * @return the details
	 */
	public Map<String, Object> toDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("connectionId", this.id);
		if (this.appId != null) {
			details.put("appId", this.appId);
		}
		if (this.remoteAddress != null) {
			details.put("remoteAddress", this.remoteAddress);
		}
		return details;
	}

}
