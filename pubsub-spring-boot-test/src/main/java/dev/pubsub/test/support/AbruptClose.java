package dev.pubsub.test.support;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ReflectionUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Kills a connection the way a crashed peer or a broken network does: the TCP socket is closed without a
 * WebSocket close frame, so the client sees an abnormal closure (1006).
 * <p>
 * Tomcat has no public API for that. Its {@code WsSession} keeps the endpoint that owns the socket in the
 * private field {@code wsRemoteEndpoint}, whose public {@code close()} closes the socket directly; this class
 * reaches it by reflection. If that fails (another container, a future Tomcat), it falls back to a regular
 * close with {@code 1011} and says so in the log.
 */
public final class AbruptClose {

	private static final Log logger = LogFactory.getLog(AbruptClose.class);

	private AbruptClose() {
	}

	/**
	 * Close the connection without a close handshake.
	 * @param session the (possibly decorated) Spring session
	 * @return {@code true} if the socket was closed abruptly, {@code false} if the 1011 fallback was used
	 */
	public static boolean close(WebSocketSession session) {
		WebSocketSession delegate = WebSocketSessionDecorator.unwrap(session);
		if (delegate instanceof NativeWebSocketSession nativeSession
				&& closeNative(nativeSession.getNativeSession())) {
			return true;
		}
		logger.info("Cannot close a WebSocket without a close frame on this container; closing with 1011 instead");
		try {
			session.close(CloseStatus.SERVER_ERROR);
		}
		catch (Exception ex) {
			logger.debug("Fallback close failed: " + ex);
		}
		return false;
	}

	/**
	 * Close a container's own session (Tomcat's {@code WsSession}) without a close handshake.
	 * @param wsSession the container's session
	 * @return {@code true} if the socket was closed, {@code false} if the container's internals were not
	 * reachable (nothing was done)
	 */
	public static boolean closeNative(Object wsSession) {
		try {
			Field field = ReflectionUtils.findField(wsSession.getClass(), "wsRemoteEndpoint");
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
				Object endpoint = field.get(wsSession);
				Method close = ReflectionUtils.findMethod(endpoint.getClass(), "close");
				if (close != null) {
					close.invoke(endpoint);
					return true;
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Abrupt close through Tomcat internals failed: " + ex);
		}
		return false;
	}

}
