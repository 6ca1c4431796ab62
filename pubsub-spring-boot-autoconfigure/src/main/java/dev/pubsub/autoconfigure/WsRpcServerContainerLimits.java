package dev.pubsub.autoconfigure;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;

import org.springframework.web.context.ServletContextAware;

/**
 * Applies the wsrpc endpoint's text frame limit to the servlet container's WebSocket
 * {@link ServerContainer}, when there is one (there is none in a mock servlet context).
 */
class WsRpcServerContainerLimits implements ServletContextAware {

	private final int maxTextMessageSize;

	WsRpcServerContainerLimits(int maxTextMessageSize) {
		this.maxTextMessageSize = maxTextMessageSize;
	}

	@Override
	public void setServletContext(ServletContext servletContext) {
		if (servletContext.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
			container.setDefaultMaxTextMessageBufferSize(this.maxTextMessageSize);
		}
	}

}
