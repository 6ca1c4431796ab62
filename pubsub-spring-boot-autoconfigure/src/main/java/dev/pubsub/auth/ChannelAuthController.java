package dev.pubsub.auth;

import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * The channel auth endpoint ({@code POST ${pubsub.channel-auth.path:/pubsub/auth}}) that
 * RealtimeX and Pusher clients call before subscribing to a private or presence channel.
 * <p>
 * Accepts {@code application/json} (the RealtimeX SDK, which also sends
 * {@code Authorization: Bearer <api key>}; that key is public and is ignored) and
 * {@code application/x-www-form-urlencoded} (pusher-js) with {@code socket_id} and
 * {@code channel_name}. Any {@code user_data} or {@code channel_data} in the body is ignored: the
 * presence identity comes from the {@link ChannelAuthorizer}. Answers 200 with the auth string,
 * 400, 401 or 403 with {@code {"error": ..., "status": ...}}. Socket ids and channel names are
 * length-checked before any pattern runs (see {@link ChannelAuthService}). A body longer than
 * {@code pubsub.channel-auth.max-body-size} (declared or read) gets a 413 without being parsed;
 * the JSON body is read into a buffer of at most that size.
 * <p>
 * The success body is serialised here with the controller's {@link JsonMapper} and written to the
 * response directly: no content negotiation over the message converters and no {@code ObjectWriter}
 * per request, and nothing of the body (the signature) reaches Spring MVC's DEBUG log.
 */
@RestController
@RequestMapping("${pubsub.channel-auth.path:/pubsub/auth}")
public class ChannelAuthController {

	private static final Log logger = LogFactory.getLog(ChannelAuthController.class);

	private final RateLimitedLog unreadableForms = new RateLimitedLog(logger);

	/** The default {@code max-body-size}: far above any real auth request. */
	public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

	private final ChannelAuthService service;

	private final JsonMapper jsonMapper;

	private final int maxBodyBytes;

	/**
	 * Create a controller with the {@linkplain #DEFAULT_MAX_BODY_BYTES default body limit} (the
	 * constructor used when the controller is component-scanned rather than auto-configured).
	 * @param service the service answering the requests
	 */
	@Autowired
	public ChannelAuthController(ChannelAuthService service) {
		this(service, JsonMapper.builder().build(), DEFAULT_MAX_BODY_BYTES);
	}

	/**
	 * Create a controller.
	 * @param service the service answering the requests
	 * @param jsonMapper parses JSON bodies
	 * @param maxBodyBytes the longest body accepted, at least 1
	 */
	public ChannelAuthController(ChannelAuthService service, JsonMapper jsonMapper, int maxBodyBytes) {
		if (maxBodyBytes < 1) {
			throw new IllegalArgumentException("maxBodyBytes must be at least 1");
		}
		this.service = service;
		this.jsonMapper = jsonMapper;
		this.maxBodyBytes = maxBodyBytes;
	}

	/**
	 * Answer a JSON request.
	 * @param request the request
	 * @param response the response, written with the JSON of a {@link ChannelAuthResponse}
	 * @throws IOException if the body cannot be read or the answer written
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	public void authenticateJson(HttpServletRequest request, HttpServletResponse response) throws IOException {
		refuseDeclaredOversize(request);
		byte[] bytes = request.getInputStream().readNBytes(this.maxBodyBytes + 1);
		if (bytes.length > this.maxBodyBytes) {
			throw tooLarge();
		}
		JsonNode body;
		try {
			body = this.jsonMapper.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, "Malformed request body");
		}
		if (body == null || !body.isObject()) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, "Body must be a JSON object");
		}
		authenticate(text(body, "socket_id"), text(body, "channel_name"), request, response);
	}

	/**
	 * Answer a form-encoded request. The form is read here rather than bound by Spring MVC so that a
	 * body the container cannot parse (invalid UTF-8 or URL encoding, too many fields, ...)
	 * gets a 400 and one rate-limited WARN line instead of an ERROR with a stack trace.
	 * @param request the request
	 * @param response the response, written with the JSON of a {@link ChannelAuthResponse}
	 * @throws IOException if the answer cannot be written
	 */
	@PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	public void authenticateForm(HttpServletRequest request, HttpServletResponse response) throws IOException {
		refuseDeclaredOversize(request);
		String[] socketId;
		String[] channelName;
		try {
			socketId = request.getParameterValues("socket_id");
			channelName = request.getParameterValues("channel_name");
		}
		catch (RuntimeException ex) {
			// Tomcat throws InvalidParameterException (an IllegalStateException), other containers
			// their own runtime exceptions; nothing but parsing happens in this block.
			this.unreadableForms.warn(() -> "Channel auth refused an unreadable form body from "
					+ LogSanitizer.sanitize(request.getRemoteAddr(), 64) + ": "
					+ LogSanitizer.sanitize(ex.getMessage(), LogSanitizer.DEFAULT_MAX_CHARS));
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, "Malformed form body");
		}
		authenticate(single(socketId, "socket_id"), single(channelName, "channel_name"), request, response);
	}

	private void refuseDeclaredOversize(HttpServletRequest request) {
		if (request.getContentLengthLong() > this.maxBodyBytes) {
			throw tooLarge();
		}
	}

	private ChannelAuthException tooLarge() {
		return new ChannelAuthException(HttpStatus.CONTENT_TOO_LARGE,
				"Request body longer than " + this.maxBodyBytes + " bytes");
	}

	private void authenticate(@Nullable String socketId, @Nullable String channelName, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Principal principal = request.getUserPrincipal();
		ChannelAuthResponse answer = this.service.authenticate(socketId, channelName, principal, request);
		if (logger.isDebugEnabled()) {
			logger.debug("Signed channel '" + channelName + "' for socket " + socketId);
		}
		byte[] body = this.jsonMapper.writeValueAsBytes(answer);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static @Nullable String text(JsonNode body, String field) {
		JsonNode node = body.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, field + " must be a string");
		}
		return node.asString();
	}

	private static @Nullable String single(String @Nullable [] values, String field) {
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw new ChannelAuthException(HttpStatus.BAD_REQUEST, field + " must be given once");
		}
		return values[0];
	}

	@ExceptionHandler(ChannelAuthException.class)
	ResponseEntity<Map<String, Object>> handleRefusal(ChannelAuthException ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Channel auth answered " + ex.status().value() + ": " + ex.getMessage());
		}
		return error(ex.status(), ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> handleUnreadable(HttpMessageNotReadableException ex) {
		return error(HttpStatus.BAD_REQUEST, "Malformed request body");
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, @Nullable String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", (message != null) ? message : status.getReasonPhrase());
		body.put("status", status.value());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
