package dev.pubsub.wsrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.wsrpc.WsRpcTestClients.Inbox;
import dev.pubsub.wsrpc.server.WsRpcPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Our client against our Spring-hosted endpoint: the protocol both ways, server-side publish, the
 * server's own client, authorisation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WsRpcEndpointTests {

	private EndpointServer server;

	private final List<DefaultWsRpcPubSubClient> clients = new ArrayList<>();

	@BeforeAll
	void start() {
		this.server = EndpointServer.start();
	}

	@AfterAll
	void stop() {
		this.server.close();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(DefaultWsRpcPubSubClient::destroy);
		this.clients.clear();
	}

	private DefaultWsRpcPubSubClient connected(String name) throws Exception {
		return connected(name, Map.of());
	}

	private DefaultWsRpcPubSubClient connected(String name, Map<String, String> headers) throws Exception {
		DefaultWsRpcPubSubClient client = WsRpcTestClients.client(name, this.server.url(), headers);
		this.clients.add(client);
		client.connect().get(10, TimeUnit.SECONDS);
		return client;
	}

	private static void awaitSubscribed(DefaultWsRpcPubSubClient client, String topic) throws Exception {
		await().until(() -> client.remoteTopics().contains(topic));
		assertThat(client.call("ping", Map.of()).get(5, TimeUnit.SECONDS).asString()).isEqualTo("pong");
	}

	@Test
	void publishReachesOtherSessionsButNotThePublisher() throws Exception {
		DefaultWsRpcPubSubClient publisher = connected("e-pub");
		DefaultWsRpcPubSubClient subscriber = connected("e-sub");
		Inbox own = new Inbox();
		Inbox other = new Inbox();
		publisher.subscribe("room", own::add);
		subscriber.subscribe("room", other::add);
		awaitSubscribed(publisher, "room");
		awaitSubscribed(subscriber, "room");
		assertThat(publisher.publish(List.of("room"), Map.of("n", 1), true).get(5, TimeUnit.SECONDS)).isTrue();
		// sync: answered after the subscriber acknowledged; the publisher was not notified
		assertThat(subscriber.metrics().received()).isEqualTo(1);
		assertThat(publisher.metrics().received()).isZero();
		await().until(() -> other.messages.size() == 1);
		assertThat(other.payloads()).containsExactly("{\"n\":1}");
	}

	@Test
	void syncPublishToSelfDoesNotDeadlock() throws Exception {
		DefaultWsRpcPubSubClient client = connected("e-self");
		Inbox inbox = new Inbox();
		client.subscribe("self", inbox::add);
		awaitSubscribed(client, "self");
		assertThat(client.publish(List.of("self"), "me", true, "another-notifier").get(5, TimeUnit.SECONDS)).isTrue();
		// sync: the answer came after our own notify was acknowledged
		assertThat(client.metrics().received()).isEqualTo(1);
		await().until(() -> inbox.messages.size() == 1);
		assertThat(inbox.payloads()).containsExactly("\"me\"");
	}

	@Test
	void allTopicsAndServerSidePublish() throws Exception {
		DefaultWsRpcPubSubClient client = connected("e-all");
		Inbox inbox = new Inbox();
		client.subscribe(WsRpcTopics.ALL_TOPICS, inbox::add);
		awaitSubscribed(client, WsRpcTopics.ALL_TOPICS);
		WsRpcPublisher publisher = this.server.bean(WsRpcPublisher.class);
		publisher.publish("x.one", Map.of("v", 1)).get(5, TimeUnit.SECONDS);
		publisher.publish(List.of("x.two", "x.three"), 2).get(5, TimeUnit.SECONDS);
		await().until(() -> inbox.messages.size() == 3);
		assertThat(inbox.topics()).containsExactly("x.one", "x.two", "x.three");
	}

	@Test
	void serverClientSeesSessionAndServerPublishes() throws Exception {
		PubSubClient serverClient = (PubSubClient) this.server.bean("wsrpcServer");
		await().until(serverClient::isConnected);
		Inbox inbox = new Inbox();
		serverClient.subscribe("srv.*", inbox::add);
		DefaultWsRpcPubSubClient client = connected("e-to-server");
		assertThat(client.publish(List.of("srv.in", "other"), "from-client", true).get(5, TimeUnit.SECONDS)).isTrue();
		this.server.bean(WsRpcPublisher.class).publish("srv.local", "from-server").get(5, TimeUnit.SECONDS);
		await().until(() -> inbox.messages.size() == 2);
		assertThat(inbox.topics()).containsExactly("srv.in", "srv.local");
	}

	@Test
	void unsubscribeStopsNotifications() throws Exception {
		DefaultWsRpcPubSubClient client = connected("e-unsub");
		DefaultWsRpcPubSubClient publisher = connected("e-unsub-pub");
		Inbox inbox = new Inbox();
		Inbox markers = new Inbox();
		var subscription = client.subscribe("gone", inbox::add);
		client.subscribe("still", markers::add);
		awaitSubscribed(client, "gone");
		awaitSubscribed(client, "still");
		assertThat(publisher.publish(List.of("gone"), "before", true).get(5, TimeUnit.SECONDS)).isTrue();
		await().until(() -> inbox.messages.size() == 1);
		subscription.cancel();
		await().until(() -> !client.remoteTopics().contains("gone"));
		assertThat(client.call("ping", Map.of()).get(5, TimeUnit.SECONDS).asString()).isEqualTo("pong");
		long unrouted = client.metrics().unrouted();
		assertThat(publisher.publish(List.of("gone"), "after", true).get(5, TimeUnit.SECONDS)).isTrue();
		// the marker goes down the same session after "after": once it is here, "after" would be too
		assertThat(publisher.publish(List.of("still"), "marker", true).get(5, TimeUnit.SECONDS)).isTrue();
		await().until(() -> markers.messages.size() == 1);
		assertThat(this.server.handler().notifier().subscriberCount("gone")).isZero();
		assertThat(inbox.payloads()).containsExactly("\"before\"");
		assertThat(client.metrics().unrouted()).isEqualTo(unrouted);
	}

	@Test
	void handshakeHeadersReachTheAuthorizerAndARefusalIsNotRetried() throws Exception {
		connected("e-auth", Map.of("Authorization", "Bearer good"));
		assertThat(this.server.recorder().header("Authorization")).isEqualTo("Bearer good");
		DefaultWsRpcPubSubClient refused = WsRpcTestClients.client("e-refused", this.server.url(),
				Map.of("Authorization", "Bearer bad"));
		this.clients.add(refused);
		assertThatThrownBy(() -> refused.connect().get(10, TimeUnit.SECONDS)).hasMessageContaining("403");
		assertThat(refused.state()).isEqualTo(ConnectionState.FAILED);
	}

	@Test
	void refusedPublishFailsTheReceipt() throws Exception {
		DefaultWsRpcPubSubClient client = connected("e-forbidden");
		assertThat(client.publish(List.of("forbidden"), 1, true).get(5, TimeUnit.SECONDS)).isFalse();
		assertThatThrownBy(() -> client.publish("forbidden", 1, PublishOptions.defaults()).get(5, TimeUnit.SECONDS))
			.hasCauseInstanceOf(PubSubException.class)
			.hasMessageContaining("refused");
	}

	@Test
	void clientReconnectsAndRestoresSubscriptionsAfterTheServerDropsTheSession() throws Exception {
		DefaultWsRpcPubSubClient client = connected("e-drop");
		Inbox inbox = new Inbox();
		client.subscribe("drop", inbox::add);
		awaitSubscribed(client, "drop");
		String before = client.channelId();
		String serverSide = this.server.recorder().connected.stream()
			.map((session) -> session.channelId())
			.filter((id) -> this.server.handler().notifier().topicsOf(id).contains("drop"))
			.findFirst()
			.orElseThrow();
		assertThat(this.server.handler().closeSession(serverSide)).isTrue();
		await().until(() -> client.isConnected() && !before.equals(client.channelId())
				&& client.remoteTopics().contains("drop"));
		awaitSubscribed(client, "drop");
		this.server.bean(WsRpcPublisher.class).publish("drop", "after").get(5, TimeUnit.SECONDS);
		await().until(() -> inbox.messages.size() == 1);
		assertThat(inbox.payloads()).containsExactly("\"after\"");
		assertThat(client.metrics().reconnects()).isEqualTo(1);
	}

}
