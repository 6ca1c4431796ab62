package dev.pubsub.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The HTTP client of the channel auth benchmark (an interface, so that other clients can be compared): posts one JSON auth request, blocking, as the
 * RealtimeX SDK does ({@code Authorization: Bearer <api key>}), plus the header the benchmark
 * application reads the user from.
 */
interface AuthHttpClient extends AutoCloseable {

	/**
	 * Post one request and wait for the answer.
	 * @param json the body
	 * @param user the user the benchmark application authenticates
	 * @return the answer
	 * @throws Exception on I/O errors
	 */
	Answer post(String json, String user) throws Exception;

	@Override
	void close() throws IOException;

	/**
	 * An answer.
	 * @param status the HTTP status
	 * @param body the body
	 */
	record Answer(int status, String body) {
	}

	/**
	 * The JDK's {@link HttpClient} (HTTP/1.1, keep-alive).
	 */
	final class Jdk implements AuthHttpClient {

		private final URI uri;

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		Jdk(URI uri) {
			this.uri = uri;
		}

		@Override
		public Answer post(String json, String user) throws Exception {
			HttpRequest request = HttpRequest.newBuilder(this.uri)
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer bench-api-key")
				.header(ChannelAuthBenchmarkApplication.USER_HEADER, user)
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}

		@Override
		public void close() {
		}

	}

}
