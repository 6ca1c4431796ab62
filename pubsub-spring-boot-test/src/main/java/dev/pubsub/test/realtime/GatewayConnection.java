package dev.pubsub.test.realtime;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client connection to an {@link EmbeddedRealtimeGateway}: who it is (from its token), what it is
 * subscribed to, the frames it sent, and how it ended. Instances stay readable after the connection closed.
 */
public final class GatewayConnection {

	private final String id;

	private final String appId;

	private final @Nullable String subject;

	private final List<String> permissions;

	private final String remoteAddress;

	private final Instant connectedAt = Instant.now();

	private final TopicPermissions topicPermissions;

	private final ObjectNode clientNode;

	private final WebSocketSession session;

	private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();

	private final Deque<RecordedFrame> frames = new ArrayDeque<>();

	private final int frameCapacity;

	private final AtomicLong receivedFrameCount = new AtomicLong();

	private final AtomicLong rejectedFrameCount = new AtomicLong();

	private volatile @Nullable CloseStatus closeStatus;

	GatewayConnection(String id, String appId, @Nullable String subject, List<String> permissions,
			String remoteAddress, ObjectNode clientNode, WebSocketSession session, int frameCapacity) {
		this.id = id;
		this.appId = appId;
		this.subject = subject;
		this.permissions = List.copyOf(permissions);
		this.remoteAddress = remoteAddress;
		this.topicPermissions = TopicPermissions.of(permissions);
		this.clientNode = clientNode;
		this.session = session;
		this.frameCapacity = frameCapacity;
	}

	/**
	 * The connection id the gateway assigned (sent in the welcome frame).
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The app id from the connection URL.
	 * @return the app id
	 */
	public String appId() {
		return this.appId;
	}

	/**
	 * The token's {@code sub} claim.
	 * @return the subject, or {@code null} if the token had none
	 */
	public @Nullable String subject() {
		return this.subject;
	}

	/**
	 * The token's {@code permissions} claim.
	 * @return the permissions
	 */
	public List<String> permissions() {
		return this.permissions;
	}

	/**
	 * The client's address as the welcome frame reports it.
	 * @return the address
	 */
	public String remoteAddress() {
		return this.remoteAddress;
	}

	/**
	 * When the upgrade completed.
	 * @return the instant
	 */
	public Instant connectedAt() {
		return this.connectedAt;
	}

	/**
	 * The topics this connection is subscribed to now (the implicit {@code priv/<id>} is not listed).
	 * @return a snapshot of the subscriptions
	 */
	public Set<String> subscriptions() {
		return Set.copyOf(this.subscriptions);
	}

	/**
	 * Whether this connection is subscribed to {@code topic}.
	 * @param topic the topic
	 * @return whether it is subscribed
	 */
	public boolean isSubscribed(String topic) {
		return this.subscriptions.contains(topic);
	}

	/**
	 * Whether the connection is still open.
	 * @return whether it is open
	 */
	public boolean isOpen() {
		return this.closeStatus == null;
	}

	/**
	 * How the connection ended: the close code and reason received from or sent to the client, or
	 * {@code 1006} when the TCP connection went away without a close handshake (including
	 * {@link EmbeddedRealtimeGateway#drop(String)}).
	 * @return the close status, or {@code null} while open
	 */
	public @Nullable CloseStatus closeStatus() {
		return this.closeStatus;
	}

	/**
	 * The most recent frames this connection sent, oldest first (bounded by the gateway's
	 * {@code recordedFrames} setting).
	 * @return a snapshot of the recorded frames
	 */
	public List<RecordedFrame> receivedFrames() {
		synchronized (this.frames) {
			return new ArrayList<>(this.frames);
		}
	}

	/**
	 * How many frames this connection sent, recorded or not.
	 * @return the count
	 */
	public long receivedFrameCount() {
		return this.receivedFrameCount.get();
	}

	/**
	 * How many of its frames the gateway ignored: not JSON, not an object, unknown {@code type}, missing or
	 * mistyped fields, or a publish without write permission.
	 * @return the count
	 */
	public long rejectedFrameCount() {
		return this.rejectedFrameCount.get();
	}

	@Override
	public String toString() {
		return "GatewayConnection[id=" + this.id + ", subject=" + this.subject + ", open=" + isOpen()
				+ ", subscriptions=" + this.subscriptions + "]";
	}

	TopicPermissions topicPermissions() {
		return this.topicPermissions;
	}

	ObjectNode clientNode() {
		return this.clientNode;
	}

	WebSocketSession session() {
		return this.session;
	}

	boolean subscribe(String topic) {
		return this.subscriptions.add(topic);
	}

	boolean unsubscribe(String topic) {
		return this.subscriptions.remove(topic);
	}

	void clearSubscriptions() {
		this.subscriptions.clear();
	}

	void record(RecordedFrame frame) {
		this.receivedFrameCount.incrementAndGet();
		if (this.frameCapacity <= 0) {
			return;
		}
		synchronized (this.frames) {
			if (this.frames.size() >= this.frameCapacity) {
				this.frames.removeFirst();
			}
			this.frames.addLast(frame);
		}
	}

	void rejected() {
		this.rejectedFrameCount.incrementAndGet();
	}

	/**
	 * Mark closed; only the first call counts.
	 * @param status the close status
	 * @return whether this call closed it
	 */
	synchronized boolean markClosed(CloseStatus status) {
		if (this.closeStatus != null) {
			return false;
		}
		this.closeStatus = status;
		return true;
	}

}
