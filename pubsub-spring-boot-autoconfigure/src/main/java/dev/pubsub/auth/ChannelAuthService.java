package dev.pubsub.auth;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * Answers one channel auth request: validates the socket id and channel name, asks the
 * {@link ChannelAuthorizer}, builds the presence {@code channel_data} server-side from the
 * decision or the principal, and signs it. Never logs the secret or the signature.
 * <p>
 * Every value from the request is bounded before any rule runs on it: the socket id by
 * {@code maxSocketIdLength}, the channel name by {@link ChannelNames#MAX_LENGTH}. A
 * {@code channel_data} in the request is never read.
 */
public class ChannelAuthService {

	/** Longest socket id accepted unless configured otherwise (Socket.IO ids have 20 characters). */
	public static final int DEFAULT_MAX_SOCKET_ID_LENGTH = 64;

	private final ChannelAuthSigner signer;

	private final ChannelAuthorizer authorizer;

	private final JsonMapper jsonMapper;

	private final Pattern socketIdPattern;

	private final int maxSocketIdLength;

	/**
	 * Create a service that accepts socket ids of at most {@value #DEFAULT_MAX_SOCKET_ID_LENGTH}
	 * characters.
	 * @param signer the signer
	 * @param authorizer the authorizer
	 * @param jsonMapper the mapper used to serialise presence channel data
	 * @param socketIdPattern the rule socket ids must match (as a whole); {@code :} and line breaks
	 * are refused whatever it says
	 */
	public ChannelAuthService(ChannelAuthSigner signer, ChannelAuthorizer authorizer, JsonMapper jsonMapper,
			Pattern socketIdPattern) {
		this(signer, authorizer, jsonMapper, socketIdPattern, DEFAULT_MAX_SOCKET_ID_LENGTH);
	}

	/**
	 * Create a service.
	 * @param signer the signer
	 * @param authorizer the authorizer
	 * @param jsonMapper the mapper used to serialise presence channel data
	 * @param socketIdPattern the rule socket ids must match (as a whole); {@code :} and line breaks
	 * are refused whatever it says
	 * @param maxSocketIdLength the longest socket id accepted, checked before the pattern runs so a
	 * long id costs nothing whatever the pattern is
	 */
	public ChannelAuthService(ChannelAuthSigner signer, ChannelAuthorizer authorizer, JsonMapper jsonMapper,
			Pattern socketIdPattern, int maxSocketIdLength) {
		Assert.notNull(signer, "signer must not be null");
		Assert.notNull(authorizer, "authorizer must not be null");
		Assert.isTrue(maxSocketIdLength > 0, "maxSocketIdLength must be positive");
		this.signer = signer;
		this.authorizer = authorizer;
		this.jsonMapper = jsonMapper;
		this.socketIdPattern = socketIdPattern;
		this.maxSocketIdLength = maxSocketIdLength;
	}

	/**
	 * Authorise and sign one join.
	 * @param socketId the socket id from the request
	 * @param channelName the channel name from the request
	 * @param principal the authenticated principal or {@code null}
	 * @param servletRequest the HTTP request
	 * @return the response body
	 * @throws ChannelAuthException with 400, 401 or 403 when no signature may be given
	 */
	public ChannelAuthResponse authenticate(@Nullable String socketId, @Nullable String channelName,
			@Nullable Principal principal, HttpServletRequest servletRequest) {
		validateSocketId(socketId);
		validateChannelName(channelName);
		ChannelAuthRequest request = new ChannelAuthRequest(socketId, channelName, principal, servletRequest);
		ChannelAuthDecision decision = this.authorizer.authorize(request);
		Assert.state(decision != null, "ChannelAuthorizer returned null");
		if (decision.outcome() == ChannelAuthDecision.Outcome.UNAUTHENTICATED) {
			throw new ChannelAuthException(HttpStatus.UNAUTHORIZED, "Authentication required");
		}
		if (!decision.isAllowed()) {
			String reason = decision.reason();
			throw new ChannelAuthException(HttpStatus.FORBIDDEN,
					(reason != null) ? reason : "Not allowed to join '" + channelName + "'");
		}
		if (!request.isPresence()) {
			return new ChannelAuthResponse(this.signer.sign(socketId, channelName, null), null);
		}
		String channelData = presenceChannelData(decision, principal, channelName);
		return new ChannelAuthResponse(this.signer.sign(socketId, channelName, channelData), channelData);
	}

	private String presenceChannelData(ChannelAuthDecision decision, @Nullable Principal principal,
			String channelName) {
		String userId = decision.userId();
		if (userId == null) {
			if (principal == null || principal.getName() == null || principal.getName().isEmpty()) {
				throw new ChannelAuthException(HttpStatus.UNAUTHORIZED,
						"A presence channel needs an authenticated user: '" + channelName + "'");
			}
			userId = principal.getName();
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("user_id", userId);
		if (!decision.userInfo().isEmpty()) {
			data.put("user_info", decision.userInfo());
		}
		return this.jsonMapper.writeValueAsString(data);
	}

	private void validateSocketId(@Nullable String socketId) {
		if (socketId == null || socketId.isEmpty()) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, "socket_id is required");
		}
		if (socketId.length() > this.maxSocketIdLength) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST,
					"Invalid socket_id: longer than " + this.maxSocketIdLength + " characters");
		}
		if (socketId.indexOf(':') >= 0 || socketId.indexOf('\n') >= 0 || socketId.indexOf('\r') >= 0
				|| !this.socketIdPattern.matcher(socketId).matches()) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, "Invalid socket_id");
		}
	}

	private void validateChannelName(@Nullable String channelName) {
		if (channelName == null || channelName.isEmpty()) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, "channel_name is required");
		}
		if (!ChannelNames.isValid(channelName)) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, "Invalid channel_name: use 1 to "
					+ ChannelNames.MAX_LENGTH + " characters of [-a-zA-Z0-9_=@,.;]");
		}
		if (!ChannelNames.isAuthorisable(channelName)) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST,
					"Only private- and presence- channels are authorised here");
		}
		if (channelName.startsWith("private-encrypted-")) {
			// Pusher's end-to-end encrypted channels need a shared_secret and a decrypting client;
			// signing one as a plain private channel would let its messages travel in clear
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST,
					"private-encrypted- channels (end-to-end encryption) are not supported");
		}
	}

}
