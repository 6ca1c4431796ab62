package dev.pubsub.test.realtime;

import java.util.List;

import org.apache.tomcat.websocket.WsSession;

import org.springframework.web.socket.NativeWebSocketSession;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

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
	 * closed at once with {@code 1012} (service restarted).
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

	private int forEachNative(java.util.function.Consumer<WsSession> action) {
		int count = 0;
		List<GatewayConnection> open = this.gateway.connections();
		for (GatewayConnection connection : open) {
			WebSocketSession session = WebSocketSessionDecorator.unwrap(connection.session());
			if (session instanceof NativeWebSocketSession nativeSession
					&& nativeSession.getNativeSession() instanceof WsSession wsSession) {
				action.accept(wsSession);
				count++;
			}
		}
		return count;
	}

}
