package dev.pubsub.autoconfigure;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;

import dev.pubsub.auth.AuthenticatedChannelAuthorizer;
import dev.pubsub.auth.ChannelAuthController;
import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthService;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.auth.ChannelAuthorizer;

/**
 * Auto-configuration of the channel auth endpoint for private and presence channels, on when
 * {@code pubsub.channel-auth.enabled=true} in a servlet web application.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty("pubsub.channel-auth.enabled")
@EnableConfigurationProperties(ChannelAuthProperties.class)
public final class ChannelAuthAutoConfiguration {

	private final ChannelAuthProperties properties;

	ChannelAuthAutoConfiguration(ChannelAuthProperties properties) {
		this.properties = properties;
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelAuthCredentials channelAuthCredentials() {
		String key = this.properties.getAppKey();
		String secret = this.properties.getAppSecret();
		if (!StringUtils.hasText(key) || key.indexOf(':') >= 0) {
			throw new InvalidConfigurationPropertyValueException("pubsub.channel-auth.app-key", key,
					"Set a non-empty application key without ':', or declare a ChannelAuthCredentials bean");
		}
		if (!StringUtils.hasText(secret)) {
			throw new InvalidConfigurationPropertyValueException("pubsub.channel-auth.app-secret", "<empty>",
					"Set the application secret, or declare a ChannelAuthCredentials bean");
		}
		return ChannelAuthCredentials.of(key, secret);
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelAuthSigner channelAuthSigner(ChannelAuthCredentials credentials) {
		return new ChannelAuthSigner(credentials);
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelAuthorizer channelAuthorizer() {
		return new AuthenticatedChannelAuthorizer();
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelAuthService channelAuthService(ChannelAuthSigner signer, ChannelAuthorizer authorizer,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new ChannelAuthService(signer, authorizer, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				socketIdPattern(), socketIdMaxLength());
	}

	@Bean
	@ConditionalOnMissingBean
	ChannelAuthController channelAuthController(ChannelAuthService service, ObjectProvider<JsonMapper> jsonMapper) {
		long max = this.properties.getMaxBodySize().toBytes();
		if (max < 1 || max > Integer.MAX_VALUE - 1) {
			throw new InvalidConfigurationPropertyValueException("pubsub.channel-auth.max-body-size",
					this.properties.getMaxBodySize(), "Must be between 1B and 2GB");
		}
		return new ChannelAuthController(service, jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
				(int) max);
	}

	private int socketIdMaxLength() {
		int max = this.properties.getSocketIdMaxLength();
		if (max < 1) {
			throw new InvalidConfigurationPropertyValueException("pubsub.channel-auth.socket-id-max-length", max,
					"Must be at least 1");
		}
		return max;
	}

	private Pattern socketIdPattern() {
		try {
			return Pattern.compile(this.properties.getSocketIdPattern());
		}
		catch (PatternSyntaxException ex) {
			throw new InvalidConfigurationPropertyValueException("pubsub.channel-auth.socket-id-pattern",
					this.properties.getSocketIdPattern(), "Not a valid regular expression: " + ex.getDescription());
		}
	}

}
