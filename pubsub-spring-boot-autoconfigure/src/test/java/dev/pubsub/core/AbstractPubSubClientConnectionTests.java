package dev.pubsub.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;

import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.StubPubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link AbstractPubSubClient}'s connection state machine with a client whose connection
 * attempts follow a script: each {@code doConnect()} takes the next future from a queue, so a test
 * decides which attempts fail, which succeed and when. Events are identified by type, state and attempt.
 */
class AbstractPubSubClientConnectionTests {

	private static final Duration WAIT = AwaitLimit.atMost(Duration.ofSeconds(30));

	private final List<ScriptedClient> clients = new ArrayList<>();

	@AfterEach
	void destroy() {
		this.clients.forEach(ScriptedClient::destroy);
	}

	private ScriptedClient client(ReconnectPolicy policy) {
		ScriptedClient client = new ScriptedClient(policy);
		this.clients.add(client);
		return client;
	}

	private static ReconnectPolicy retries(int maxAttempts) {
		return new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 1.0, 0.0, maxAttempts);
	}

	@Test
	void aFirstSuccessfulAttemptConnects() {
		ScriptedClient client = client(retries(3));
		client.script.add(CompletableFuture.completedFuture(null));
		CompletableFuture<Void> connected = client.connect();
		assertThat(client.connect()).isSameAs(connected);
		await().atMost(WAIT).until(connected::isDone);
		assertThat(connected).isCompletedWithValue(null);
		assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
		assertThat(client.isConnected()).isTrue();
		assertThat(client.isRunning()).isTrue();
		await().atMost(WAIT).until(() -> client.events.size() == 2);
		assertThat(client.summary()).containsExactly("CONNECTING/CONNECTING/0", "CONNECTED/CONNECTED/0");
		assertThat(client.events.get(1).details()).containsEntry("session", "s-1");
		assertThat(client.metrics().reconnects()).isZero();
		await().atMost(WAIT).until(() -> client.published.size() == 2);
		assertThat(client.published.get(0)).isInstanceOf(PubSubConnectionApplicationEvent.class);
	}

	@Test
	void failedAttemptsAreRetriedUntilOneSucceeds() {
		ScriptedClient client = client(retries(5));
		IllegalStateException refused = new IllegalStateException("refused");
		client.script.add(CompletableFuture.failedFuture(refused));
		client.script.add(CompletableFuture.failedFuture(new java.util.concurrent.CompletionException(refused)));
		client.script.add(CompletableFuture.completedFuture(null));
		CompletableFuture<Void> connected = client.connect();
		await().atMost(WAIT).until(connected::isDone);
		assertThat(connected).isCompletedWithValue(null);
		await().atMost(WAIT).until(() -> client.events.size() == 6);
		assertThat(client.summary()).containsExactly("CONNECTING/CONNECTING/0", "ERROR/CONNECTING/0",
				"RECONNECTING/CONNECTING/1", "ERROR/CONNECTING/1", "RECONNECTING/CONNECTING/2",
				"CONNECTED/CONNECTED/2");
		assertThat(client.events.get(1).cause()).isSameAs(refused);
		assertThat(client.events.get(3).cause()).isSameAs(refused);
		assertThat(client.metrics().connectFailures()).isEqualTo(2);
		assertThat(client.metrics().reconnects()).isEqualTo(1);
		assertThat(client.lastError()).isSameAs(refused);
	}

	@Test
	void aThrowingConnectCountsAsAFailedAttempt() {
		ScriptedClient client = client(retries(0));
		IllegalStateException boom = new IllegalStateException("boom");
		client.throwOnConnect = boom;
		CompletableFuture<Void> connected = client.connect();
		await().atMost(WAIT).until(connected::isDone);
		assertThat(connected).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isSameAs(boom);
		assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
	}

	@Test
	void givesUpWhenTheAttemptsRunOut() {
		ScriptedClient client = client(retries(1));
		client.script.add(CompletableFuture.failedFuture(new IllegalStateException("one")));
		IllegalStateException last = new IllegalStateException("two");
		client.script.add(CompletableFuture.failedFuture(last));
		CompletableFuture<Void> connected = client.connect();
		await().atMost(WAIT).until(connected::isDone);
		assertThat(connected).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isSameAs(last);
		assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
		await().atMost(WAIT).until(() -> client.events.size() == 5);
		assertThat(client.summary()).containsExactly("CONNECTING/CONNECTING/0", "ERROR/CONNECTING/0",
				"RECONNECTING/CONNECTING/1", "ERROR/CONNECTING/1", "ERROR/FAILED/0");
		assertThat(client.events.get(4).details()).containsEntry("gaveUp", true);
		assertThat(client.events.get(3).details()).doesNotContainKey("gaveUp");
	}

	@Test
	void aPermanentFailureIsNotRetried() {
		ScriptedClient client = client(retries(ReconnectPolicy.UNLIMITED));
		PubSubAuthenticationException denied = new PubSubAuthenticationException("bad key");
		client.script.add(CompletableFuture.failedFuture(denied));
		CompletableFuture<Void> connected = client.connect();
		await().atMost(WAIT).until(connected::isDone);
		assertThat(connected).isCompletedExceptionally();
		assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
		await().atMost(WAIT).until(() -> client.events.size() == 3);
		assertThat(client.summary()).containsExactly("CONNECTING/CONNECTING/0", "ERROR/CONNECTING/0",
				"ERROR/FAILED/0");
		assertThat(client.connectCalls).isEqualTo(1);
	}

	@Test
	void aLostConnectionIsReconnected() {
		ScriptedClient client = client(retries(ReconnectPolicy.UNLIMITED));
		client.script.add(CompletableFuture.completedFuture(null));
		client.script.add(CompletableFuture.completedFuture(null));
		await().atMost(WAIT).until(client.connect()::isDone);
		PubSubConnectionLostException lost = new PubSubConnectionLostException("closed 1006");
		client.lose(lost);
		await().atMost(WAIT).until(() -> client.events.size() == 5);
		assertThat(client.summary()).containsExactly("CONNECTING/CONNECTING/0", "CONNECTED/CONNECTED/0",
				"DISCONNECTED/RECONNECTING/0", "RECONNECTING/RECONNECTING/1", "CONNECTED/CONNECTED/1");
		assertThat(client.events.get(2).cause()).isSameAs(lost);
		assertThat(client.events.get(2).details()).containsKey("upMillis");
		assertThat(client.lostCauses).containsExactly(lost);
		assertThat(client.lastError()).isSameAs(lost);
		assertThat(client.metrics().reconnects()).isEqualTo(1);
		assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
	}

	@Test
	void theAttemptCountStartsAgainOnlyAfterAConnectionStayedUpForStableAfter() {
		assertThat(attemptAfterADrop(Duration.ofHours(1))).as("up for less than stable-after: counting goes on")
			.isEqualTo("RECONNECTING/RECONNECTING/2");
		assertThat(attemptAfterADrop(Duration.ZERO)).as("up for stable-after: counting starts again")
			.isEqualTo("RECONNECTING/RECONNECTING/1");
	}

	/** Connect at the second attempt, drop the connection, and return the event of the next attempt. */
	private String attemptAfterADrop(Duration stableAfter) {
		ScriptedClient client = client(retries(ReconnectPolicy.UNLIMITED).withStableAfter(stableAfter));
		client.script.add(CompletableFuture.failedFuture(new PubSubConnectionLostException("refused")));
		client.script.add(CompletableFuture.completedFuture(null));
		client.script.add(new CompletableFuture<>());
		await().atMost(WAIT).until(client.connect()::isDone);
		await().atMost(WAIT).until(() -> client.events.size() == 4);
		client.lose(new PubSubConnectionLostException("closed 1006"));
		await().atMost(WAIT).until(() -> client.events.size() == 6);
		assertThat(client.summary().subList(0, 5)).containsExactly("CONNECTING/CONNECTING/0", "ERROR/CONNECTING/0",
				"RECONNECTING/CONNECTING/1", "CONNECTED/CONNECTED/1", "DISCONNECTED/RECONNECTING/0");
		return client.summary().get(5);
	}

	@Test
	void aDisabledPolicyFailsOnTheFirstDrop() {
		ScriptedClient client = client(ReconnectPolicy.disabled());
		client.script.add(CompletableFuture.completedFuture(null));
		await().atMost(WAIT).until(client.connect()::isDone);
		client.lose(new PubSubConnectionLostException("closed"));
		await().atMost(WAIT).until(() -> client.state() == ConnectionState.FAILED);
		assertThat(client.connectCalls).isEqualTo(1);
	}

	@Test
	void disconnectClosesAndStopsReconnecting() {
		ScriptedClient client = client(retries(ReconnectPolicy.UNLIMITED));
		client.script.add(CompletableFuture.completedFuture(null));
		await().atMost(WAIT).until(client.connect()::isDone);
		client.disconnect();
		assertThat(client.disconnectCalls).isEqualTo(1);
		assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
		assertThat(client.isRunning()).isFalse();
		client.lose(new PubSubConnectionLostException("late close"));
		client.disconnect();
		await().atMost(WAIT).until(() -> client.events.size() == 3);
		assertThat(client.summary()).containsExactly("CONNECTING/CONNECTING/0", "CONNECTED/CONNECTED/0",
				"DISCONNECTED/DISCONNECTED/0");
		assertThat(client.events.get(2).details()).containsEntry("reason", "disconnect() called");
		assertThat(client.connectCalls).isEqualTo(1);
		assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
	}

	@Test
	void disconnectingWhileConnectingFailsTheConnectFuture() {
		ScriptedClient client = client(retries(ReconnectPolicy.UNLIMITED));
		CompletableFuture<Void> session = new CompletableFuture<>();
		client.script.add(session);
		CompletableFuture<Void> connected = client.connect();
		await().atMost(WAIT).until(() -> client.connectCalls == 1);
		client.disconnect();
		assertThat(connected).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PubSubNotConnectedException.class);
		session.complete(null);
		await().atMost(WAIT).until(() -> client.disconnectCalls == 2);
		assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
	}

	@Test
	void anAttemptThatCompletesAfterADisconnectAndANewConnectIsClosedAndNotUsed() {
		ScriptedClient client = client(retries(ReconnectPolicy.UNLIMITED));
		CompletableFuture<Void> stale = new CompletableFuture<>();
		CompletableFuture<Void> current = new CompletableFuture<>();
		client.script.add(stale);
		client.script.add(current);
		client.connect();
		await().atMost(WAIT).until(() -> client.connectCalls == 1);
		client.disconnect();
		assertThat(client.lostCauses).singleElement()
			.satisfies((cause) -> assertThat(cause).isInstanceOf(PubSubConnectionLostException.class)
				.hasMessage("Client 'scripted' was disconnected"));
		CompletableFuture<Void> connected = client.connect();
		await().atMost(WAIT).until(() -> client.connectCalls == 2);
		// the first attempt's session arrives late: it belongs to the connect() that was disconnected
		stale.complete(null);
		await().atMost(WAIT).until(() -> client.disconnectCalls == 2);
		assertThat(client.state()).isEqualTo(ConnectionState.CONNECTING);
		assertThat(connected).isNotDone();
		current.complete(null);
		await().atMost(WAIT).until(connected::isDone);
		assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
		assertThat(client.disconnectCalls).isEqualTo(2);
	}

	@Test
	void aDropDuringTheHandshakeTakesEffectOnceConnected() {
		ScriptedClient client = client(retries(ReconnectPolicy.UNLIMITED));
		CompletableFuture<Void> session = new CompletableFuture<>();
		client.script.add(session);
		client.script.add(CompletableFuture.completedFuture(null));
		CompletableFuture<Void> connected = client.connect();
		await().atMost(WAIT).until(() -> client.connectCalls == 1);
		client.lose(new PubSubConnectionLostException("dropped during handshake"));
		session.complete(null);
		await().atMost(WAIT).until(connected::isDone);
		assertThat(connected).isCompletedWithValue(null);
		await().atMost(WAIT).until(() -> client.connectCalls == 2 && client.state() == ConnectionState.CONNECTED);
		await().atMost(WAIT).until(() -> client.events.size() == 5);
		assertThat(client.summary()).contains("DISCONNECTED/RECONNECTING/0", "CONNECTED/CONNECTED/1");
	}

	@Test
	void startConnectsOnlyWithAutoConnectAndStopDisconnects() {
		ScriptedClient manual = client(retries(0));
		manual.setAutoConnect(false);
		manual.start();
		assertThat(manual.connectCalls).isZero();
		assertThat(manual.isRunning()).isFalse();
		assertThat(manual.getPhase()).isEqualTo(AbstractPubSubClient.PHASE);
		ScriptedClient auto = client(retries(0));
		auto.script.add(CompletableFuture.completedFuture(null));
		auto.start();
		await().atMost(WAIT).until(auto::isConnected);
		auto.stop();
		assertThat(auto.state()).isEqualTo(ConnectionState.DISCONNECTED);
		assertThat(auto.disconnectCalls).isEqualTo(1);
	}

	@Test
	void aFailingListenerDoesNotStopTheOthersAndCanBeRemoved() {
		ScriptedClient client = client(retries(0));
		List<ConnectionEventType> seen = new CopyOnWriteArrayList<>();
		ConnectionListener failing = (event) -> {
			throw new IllegalStateException("listener bug");
		};
		ConnectionListener recording = (event) -> seen.add(event.type());
		client.addConnectionListener(failing);
		client.addConnectionListener(recording);
		client.script.add(CompletableFuture.completedFuture(null));
		await().atMost(WAIT).until(client.connect()::isDone);
		await().atMost(WAIT).until(() -> seen.size() == 2);
		client.removeConnectionListener(recording);
		client.disconnect();
		await().atMost(WAIT).until(() -> client.events.size() == 3);
		assertThat(seen).containsExactly(ConnectionEventType.CONNECTING, ConnectionEventType.CONNECTED);
	}

	/** A client whose connection attempts follow {@link #script}; events are recorded in order. */
	static final class ScriptedClient extends StubPubSubClient {

		final ConcurrentLinkedQueue<CompletableFuture<Void>> script = new ConcurrentLinkedQueue<>();

		final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

		final List<ApplicationEvent> published = new CopyOnWriteArrayList<>();

		final List<Throwable> lostCauses = new CopyOnWriteArrayList<>();

		volatile int connectCalls;

		volatile int disconnectCalls;

		volatile RuntimeException throwOnConnect;

		ScriptedClient(ReconnectPolicy policy) {
			super("scripted", policy);
			addConnectionListener(this.events::add);
			setApplicationEventPublisher((event) -> this.published.add((ApplicationEvent) event));
		}

		List<String> summary() {
			return this.events.stream().map((e) -> e.type() + "/" + e.state() + "/" + e.attempt()).toList();
		}

		void lose(Throwable cause) {
			connectionLost(cause);
		}

		@Override
		protected CompletableFuture<Void> doConnect() {
			this.connectCalls++;
			if (this.throwOnConnect != null) {
				throw this.throwOnConnect;
			}
			CompletableFuture<Void> next = this.script.poll();
			return (next != null) ? next : CompletableFuture.failedFuture(new IllegalStateException("unscripted"));
		}

		@Override
		protected void doDisconnect() {
			this.disconnectCalls++;
		}

		@Override
		protected Predicate<String> compilePattern(String pattern) {
			return TopicPattern.compile(pattern, '.')::matches;
		}

		@Override
		protected void onConnectionLost(Throwable cause) {
			this.lostCauses.add(cause);
		}

		@Override
		protected boolean isPermanentFailure(Throwable cause) {
			return cause instanceof PubSubAuthenticationException;
		}

		@Override
		protected Map<String, Object> connectionDetails() {
			return Map.of("session", "s-" + this.connectCalls);
		}

	}

}
