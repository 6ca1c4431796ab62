package dev.pubsub.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.client.WebSocketClient;

/**
 * Auto-configuration of RealtimeX clients: one bean per {@code pubsub.clients.<name>} entry of
 * type {@code realtimex}, on Spring WebSocket.
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class)
@ConditionalOnClass(WebSocketClient.class)
@Import(RealtimeXClientsRegistrar.class)
public final class RealtimeXAutoConfiguration {

}
