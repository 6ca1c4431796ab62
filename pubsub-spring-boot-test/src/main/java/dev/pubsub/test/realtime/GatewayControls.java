package dev.pubsub.test.realtime;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * The controls of a running {@link EmbeddedRealtimeGateway}, which extends this class: inspection of its
 * connections and counters, the behaviour switches (acks, presence), raw frame injection and connection
 * kills. Each goes to the {@code RunningGateway} or to the {@code GatewaySettings}.
 */
abstract class GatewayControls {

	final GatewaySettings settings;

	GatewayControls(GatewaySettings settings) {
		this.settings = settings;
	}

	/**
	 * The running gateway.
	 * @return the running gateway
	 * @throws IllegalStateException when the gateway is not running
	 */
	abstract RunningGateway running();

	// inspection

	/**
	 * The open connections, oldest first.
	 * @return a snapshot
	 */
	public List<GatewayConnection> connections() {
		return running().connections().openConnections();
	}

	/**
	 * Every connection since the start, closed ones included, oldest first.
	 * @return a snapshot
	 */
	public List<GatewayConnection> connectionHistory() {
		return running().connections().allConnections();
	}

	/**
	 * Look up a connection, open or closed, by its id.
	 * @param connectionId the id from the welcome frame
	 * @return the connection, or {@code null} if unknown
	 */
	public @Nullable GatewayConnection connection(String connectionId) {
		return running().connections().connection(connectionId);
	}

	/**
	 * The ids of the open connections subscribed to {@code topic}.
	 * @param topic the topic
	 * @return the connection ids
	 */
	public List<String> subscribers(String topic) {
		return connections().stream().filter((c) -> c.isSubscribed(topic)).map(GatewayConnection::id).toList();
	}

	/**
	 * How many upgrade requests arrived, accepted or not.
	 * @return the count
	 */
	public long upgradeAttempts() {
		return running().interceptor.attempts();
	}

	/**
	 * How many upgrade requests were refused (bad token, wrong app id, or {@link EmbeddedRealtimeGateway#refuseNextUpgrades}).
	 * @return the count
	 */
	public long refusedUpgrades() {
		return running().interceptor.rejected();
	}

	/**
	 * How many inbound frames the gateway ignored (see {@link GatewayConnection#rejectedFrameCount()}).
	 * @return the count
	 */
	public long rejectedFrames() {
		return running().handler.rejectedFrames();
	}

	// behaviour switches

	/**
	 * Change when acks are sent.
	 * @param ackMode the mode
	 */
	public void setAckMode(AckMode ackMode) {
		this.settings.ackMode(ackMode);
	}

	/**
	 * The current ack mode.
	 * @return the mode
	 */
	public AckMode getAckMode() {
		return this.settings.ackMode();
	}

	/**
	 * Delay every ack by {@code delay} ({@link Duration#ZERO} to send at once). Delayed acks may overtake or
	 * trail other frames to the same connection.
	 * @param delay the delay
	 */
	public void setAckDelay(Duration delay) {
		this.settings.ackDelay(delay);
	}

	/**
	 * Switch the {@code presence} events on {@code secure/inbound} on or off.
	 * @param presence whether to send them
	 */
	public void setPresence(boolean presence) {
		this.settings.presence(presence);
	}

	/**
	 * Send a raw text frame to one connection, bypassing the protocol (for malformed frames, unknown message
	 * types, frames missing fields, huge frames).
	 * @param connectionId the connection
	 * @param text the frame's text
	 * @return whether the connection was open and the frame was handed to it
	 */
	public boolean injectText(String connectionId, String text) {
		return running().inject(connectionId, new TextMessage(text));
	}

	/**
	 * Send a raw binary frame to one connection.
	 * @param connectionId the connection
	 * @param bytes the frame's bytes
	 * @return whether the connection was open and the frame was handed to it
	 */
	public boolean injectBinary(String connectionId, byte[] bytes) {
		return running().inject(connectionId, new BinaryMessage(bytes));
	}

	/**
	 * Send a raw text frame to every open connection.
	 * @param text the frame's text
	 * @return how many connections it was handed to
	 */
	public int injectTextToAll(String text) {
		return running().injectToAll(new TextMessage(text));
	}

	/**
	 * Send a raw binary frame to every open connection.
	 * @param bytes the frame's bytes
	 * @return how many connections it was handed to
	 */
	public int injectBinaryToAll(byte[] bytes) {
		return running().injectToAll(new BinaryMessage(bytes));
	}

	/**
	 * Kill one connection without a close handshake: the TCP socket is closed, the client sees code
	 * {@code 1006}. The connection is unregistered at once (subscriptions gone, presence
	 * {@code disconnected} sent).
	 * @param connectionId the connection
	 * @return whether an open connection with that id existed
	 */
	public boolean drop(String connectionId) {
		return running().drop(connectionId);
	}

	/**
	 * Kill every open connection without a close handshake (see {@link #drop(String)}).
	 * @return how many connections were dropped
	 */
	public int dropAll() {
		return running().dropAll();
	}

	/**
	 * Close one connection with a close frame carrying {@code code} and {@code reason}.
	 * @param connectionId the connection
	 * @param code the close code
	 * @param reason the close reason (at most 123 bytes of UTF-8)
	 * @return whether an open connection with that id existed
	 */
	public boolean close(String connectionId, int code, String reason) {
		return running().close(connectionId, new CloseStatus(code, reason));
	}

	/**
	 * Close every open connection with a close frame carrying {@code code} and {@code reason}.
	 * @param code the close code
	 * @param reason the close reason
	 * @return how many connections were closed
	 */
	public int closeAll(int code, String reason) {
		return running().closeAll(new CloseStatus(code, reason));
	}

}
