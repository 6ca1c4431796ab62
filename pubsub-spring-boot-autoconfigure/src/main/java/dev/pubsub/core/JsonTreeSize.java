package dev.pubsub.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Estimates the heap a parsed JSON tree takes, for a message that was received as a tree and not as
 * bytes: characters plus an object header and references per node. Weighs such a message for the
 * client's inbound byte budget ({@link PubSubMessage#size()}).
 */
final class JsonTreeSize {

	private static final int TREE_NODE_OVERHEAD = 48;

	private JsonTreeSize() {
	}

	static long estimate(@Nullable JsonNode tree) {
		if (tree == null) {
			return 0;
		}
		if (tree.isString()) {
			return tree.asString().length() + TREE_NODE_OVERHEAD;
		}
		if (tree.isContainer()) {
			long total = TREE_NODE_OVERHEAD;
			for (Map.Entry<String, JsonNode> field : tree.properties()) {
				total += field.getKey().length() + TREE_NODE_OVERHEAD + estimate(field.getValue());
			}
			if (tree.isArray()) {
				for (JsonNode element : tree.values()) {
					total += estimate(element);
				}
			}
			return total;
		}
		return TREE_NODE_OVERHEAD;
	}

}
