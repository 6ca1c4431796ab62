package dev.pubsub.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.client.WebSocketClient;

/**
 * Auto-configuration of fastapi_websocket_pubsub clients: one {@code WsRpcPubSubClient} bean per
 * {@code pubsub.clients.<name>} entry with {@code type: wsrpc}.
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class)
@ConditionalOnClass(name = "jakarta.websocket.ContainerProvider", value = WebSocketClient.class)
@Import(WsRpcClientsRegistrar.class)
public final class WsRpcAutoConfiguration {

}
