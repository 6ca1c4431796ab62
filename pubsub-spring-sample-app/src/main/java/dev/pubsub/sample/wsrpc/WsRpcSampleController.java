package dev.pubsub.sample.wsrpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.pubsub.wsrpc.server.WsRpcPublisher;

/**
 * {@code POST /wsrpc/publish?topic=sample.greeting} with a JSON body publishes from the server to
 * every session (Python or Java clients) and to the listeners; {@code GET /wsrpc/received} shows
 * what the listeners got.
 */
@ConditionalOnBooleanProperty("pubsub.wsrpc.server.enabled")
@RestController
@RequestMapping("/wsrpc")
public class WsRpcSampleController {

	private final WsRpcPublisher publisher;

	private final WsRpcSampleListeners listeners;

	WsRpcSampleController(WsRpcPublisher publisher, WsRpcSampleListeners listeners) {
		this.publisher = publisher;
		this.listeners = listeners;
	}

	@PostMapping("/publish")
	CompletableFuture<Map<String, Object>> publish(@RequestParam String topic, @RequestBody Object data) {
		return this.publisher.publish(topic, data).thenApply((done) -> Map.of("published", topic));
	}

	@GetMapping("/received")
	List<String> received() {
		return this.listeners.received();
	}

}
