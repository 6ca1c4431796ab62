package dev.pubsub.test.realtime;

import java.util.function.Consumer;

import org.apache.tomcat.websocket.WsSession;

import dev.pubsub.test.support.FaultInjectingWebSocketHandler;

/**
 * Fault hooks of an {@link EmbeddedRealtimeGateway} beyond dropping, closing and injecting frames, for the
 * provider contract kit and hostile-gateway tests: accept-then-close, and reading suspended while the
 * gateway keeps writing. Get it with {@link EmbeddedRealtimeGateway#faults()}.
 */
public final class GatewayFaults {

	private final GatewaySettings settings;

	private final EmbeddedRealtimeGateway gateway;

	GatewayFaults(GatewaySettings settings, EmbeddedRealtimeGateway gateway) {
		this.settings = settings;
		this.gateway = gateway;
	}

	/**
	 * Turn accept-then-close on or off: while on, every new connection gets its {@code welcome} and is then
	 * closed at once with {@code 1001} (going away).
	 * @param enabled whether to close new connections after the welcome
	 */
	public void acceptThenClose(boolean enabled) {
		this.settings.acceptThenClose(enabled);
	}

	/**
	 * Stop reading the frames of every open connection (Tomcat's {@code WsSession.suspend()}): the
	 * client's frames stay in the socket, so its writes eventually block, while the gateway keeps sending.
	 * @return how many connections were suspended
	 */
	public int suspendReading() {
		return forEachNative(WsSession::suspend);
	}

	/**
	 * Read the frames of every open connection again.
	 * @return how many connections were resumed
	 */
	public int resumeReading() {
		return forEachNative(WsSession::resume);
	}

	private int forEachNative(Consumer<WsSession> action) {
		int count = 0;
		for (GatewayConnection connection : this.gateway.connections()) {
			WsSession wsSession = FaultInjectingWebSocketHandler.tomcatSession(connection.session());
			if (wsSession != null) {
				action.accept(wsSession);
				count++;
			}
		}
		return count;
	}

}
