package dev.pubsub.test.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;

/**
 * The ids of the contract messages one handler received, in arrival order, duplicates kept, so that the
 * kit can compare what arrived with what was sent as an exact multiset.
 */
public final class ReceivedIds {

	private final ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final Function<PubSubMessage, String> idOf;

	/**
	 * Create an empty record.
	 * @param idOf how to read a message's id (usually {@link ContractPeer#idOf(PubSubMessage)})
	 */
	public ReceivedIds(Function<PubSubMessage, String> idOf) {
		this.idOf = idOf;
	}

	/**
	 * Record one message.
	 * @param message the message
	 */
	public void add(PubSubMessage message) {
		this.ids.add(this.idOf.apply(message));
		this.size.incrementAndGet();
	}

	/**
	 * A handler that records every message it is given.
	 * @return the handler
	 */
	public PubSubMessageHandler handler() {
		return this::add;
	}

	/**
	 * Whether every one of the ids arrived at least once.
	 * @param expected the ids
	 * @return whether all arrived
	 */
	public boolean containsAll(Collection<String> expected) {
		return new java.util.HashSet<>(this.ids).containsAll(expected);
	}

	/**
	 * Whether the id arrived at least once.
	 * @param id the id
	 * @return whether it arrived
	 */
	public boolean contains(String id) {
		return this.ids.contains(id);
	}

	/**
	 * How many messages arrived.
	 * @return the count, duplicates included
	 */
	public int size() {
		return this.size.get();
	}

	/**
	 * The ids in arrival order.
	 * @return a copy
	 */
	public List<String> list() {
		return new ArrayList<>(this.ids);
	}

	/**
	 * The ids that start with {@code prefix}, each with how often it arrived.
	 * @param prefix the prefix
	 * @return id to count, sorted by id
	 */
	public Map<String, Long> multiset(String prefix) {
		return this.ids.stream()
			.filter((id) -> id.startsWith(prefix))
			.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
	}

	/**
	 * The multiset of {@code ids}, each expected once.
	 * @param ids the ids
	 * @return id to 1, sorted by id
	 */
	public static Map<String, Long> once(Collection<String> ids) {
		return ids.stream().collect(Collectors.toMap(Function.identity(), (id) -> 1L, Long::sum, TreeMap::new));
	}

}
