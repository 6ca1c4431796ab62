package dev.pubsub.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Declares for reflection what the client registrars bind with the {@code Binder} themselves, when
 * each client bean is created: {@code pubsub.clients.<name>} as a {@link PubSubClientProperties}
 * with the reconnect and provider properties it nests. Registered in {@code META-INF/spring/aot.factories}.
 */
class PubSubClientsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// Boot follows only inner classes (or @NestedConfigurationProperty fields) by itself: name the
		// top-level provider property classes too.
		BindableRuntimeHintsRegistrar
			.forTypes(PubSubClientProperties.class, PubSubReconnectProperties.class, PubSubInboundProperties.class,
					RealtimeClientProperties.class, RealtimeXClientProperties.class, HttpPubSubClientProperties.class,
					WsRpcClientProperties.class, EmitterClientProperties.class, ClientSslProperties.class)
			.registerHints(hints, classLoader);
	}

}
