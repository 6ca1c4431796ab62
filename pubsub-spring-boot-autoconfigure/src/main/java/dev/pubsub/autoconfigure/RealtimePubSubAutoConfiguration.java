package dev.pubsub.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.realtime.RealtimeClient;

/**
 * Creates one {@link RealtimeClient} bean per {@code pubsub.clients.<name>} entry with
 * {@code type: realtime}, when Spring WebSocket is on the classpath.
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class)
@ConditionalOnClass({ WebSocketClient.class, RealtimeClient.class })
@Import(RealtimeClientsRegistrar.class)
public final class RealtimePubSubAutoConfiguration {

}
