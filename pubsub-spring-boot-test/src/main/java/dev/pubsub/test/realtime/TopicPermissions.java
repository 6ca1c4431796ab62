package dev.pubsub.test.realtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The topic globs a token grants, split into write (publish) and read (subscribe) globs.
 * <p>
 * A glob is a topic name in which {@code *} matches any run of characters, {@code /} included: {@code *}
 * grants every topic, {@code chat/*} every topic under {@code chat/}, and {@code chat} only {@code chat}.
 */
final class TopicPermissions {

	private final List<String> writeGlobs;

	private final List<String> readGlobs;

	private TopicPermissions(List<String> writeGlobs, List<String> readGlobs) {
		this.writeGlobs = writeGlobs;
		this.readGlobs = readGlobs;
	}

	static TopicPermissions of(List<String> permissions) {
		List<String> write = new ArrayList<>();
		List<String> read = new ArrayList<>();
		for (String permission : permissions) {
			if (permission.startsWith(JwtTestTokens.WRITE_PREFIX)) {
				write.add(permission.substring(JwtTestTokens.WRITE_PREFIX.length()));
			}
			else if (permission.startsWith(JwtTestTokens.READ_PREFIX)) {
				read.add(permission.substring(JwtTestTokens.READ_PREFIX.length()));
			}
		}
		return new TopicPermissions(List.copyOf(write), List.copyOf(read));
	}

	boolean canWrite(String topic) {
		return anyMatches(this.writeGlobs, topic);
	}

	boolean canRead(String topic) {
		return anyMatches(this.readGlobs, topic);
	}

	private static boolean anyMatches(List<String> globs, String topic) {
		for (String glob : globs) {
			if (matches(glob, topic)) {
				return true;
			}
		}
		return false;
	}

	static boolean matches(String glob, String topic) {
		return matches(glob, 0, topic, 0);
	}

	private static boolean matches(String glob, int g, String topic, int t) {
		while (g < glob.length()) {
			char c = glob.charAt(g);
			if (c == '*') {
				for (int i = t; i <= topic.length(); i++) {
					if (matches(glob, g + 1, topic, i)) {
						return true;
					}
				}
				return false;
			}
			if (t >= topic.length() || topic.charAt(t) != c) {
				return false;
			}
			g++;
			t++;
		}
		return t == topic.length();
	}

}
