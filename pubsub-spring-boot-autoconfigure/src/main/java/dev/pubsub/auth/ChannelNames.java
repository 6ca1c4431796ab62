package dev.pubsub.auth;

import java.util.regex.Pattern;

/**
 * Channel name rules shared by the signer's callers: Pusher's character set
 * {@code [-a-zA-Z0-9_=@,.;]}, 1 to 164 characters, and the {@code private-}/{@code presence-}
 * prefixes.
 */
public final class ChannelNames {

	/** Longest channel name accepted. */
	public static final int MAX_LENGTH = 164;

	/** Prefix of private channels. */
	public static final String PRIVATE_PREFIX = "private-";

	/** Prefix of presence channels. */
	public static final String PRESENCE_PREFIX = "presence-";

	private static final Pattern VALID = Pattern.compile("[-a-zA-Z0-9_=@,.;]{1," + MAX_LENGTH + "}");

	private ChannelNames() {
	}

	/**
	 * Whether a name uses only the allowed characters and length.
	 * @param name the name
	 * @return {@code true} if valid
	 */
	public static boolean isValid(String name) {
		return VALID.matcher(name).matches();
	}

	/**
	 * Whether the channel is private.
	 * @param name the name
	 * @return {@code true} for {@code private-*}
	 */
	public static boolean isPrivate(String name) {
		return name.startsWith(PRIVATE_PREFIX);
	}

	/**
	 * Whether the channel is a presence channel.
	 * @param name the name
	 * @return {@code true} for {@code presence-*}
	 */
	public static boolean isPresence(String name) {
		return name.startsWith(PRESENCE_PREFIX);
	}

	/**
	 * Whether the channel needs a signature.
	 * @param name the name
	 * @return {@code true} for private and presence channels
	 */
	public static boolean requiresAuth(String name) {
		return isPrivate(name) || isPresence(name);
	}

	/**
	 * Whether the name is a private or presence channel with something after its prefix.
	 * @param name the name
	 * @return {@code true} for {@code private-x} or {@code presence-x}
	 */
	public static boolean isAuthorisable(String name) {
		return (isPrivate(name) && name.length() > PRIVATE_PREFIX.length())
				|| (isPresence(name) && name.length() > PRESENCE_PREFIX.length());
	}

}
