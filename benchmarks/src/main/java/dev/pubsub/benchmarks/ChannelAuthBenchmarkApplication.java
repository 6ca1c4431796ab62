package dev.pubsub.benchmarks;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The channel auth benchmark's application, configured the way a user would: auto-configuration
 * with {@code pubsub.channel-auth.*} properties and the default authorizer (the principal's name is
 * the presence identity). A filter stands in for the application's own authentication (a session or
 * JWT filter): it takes the principal's name from the {@code X-Bench-User} header.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ChannelAuthBenchmarkApplication {

	static final String USER_HEADER = "X-Bench-User";

	@Bean
	AuthBaselines.BareEndpoint bareAuthEndpoint() {
		return new AuthBaselines.BareEndpoint();
	}

	@Bean
	OncePerRequestFilter benchUserFilter() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				String user = request.getHeader(USER_HEADER);
				if (user == null) {
					chain.doFilter(request, response);
					return;
				}
				Principal principal = () -> user;
				chain.doFilter(new HttpServletRequestWrapper(request) {

					@Override
					public Principal getUserPrincipal() {
						return principal;
					}

				}, response);
			}

		};
	}

}
