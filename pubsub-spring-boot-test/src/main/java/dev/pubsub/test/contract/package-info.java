/**
 * The provider contract kit: public, abstract JUnit Jupiter test classes that assert, identically for
 * every provider, what a {@link dev.pubsub.core.PubSubClient} promises when its server drops, floods,
 * sends garbage or stops reading, and what a {@code @PubSubListener} promises on overlap and shutdown.
 * A provider's test class extends them and supplies its server, with fault hooks, through
 * {@link dev.pubsub.test.contract.ContractPeer}. The kit needs {@code spring-boot-starter-test} on the
 * test classpath (Boot's {@code ApplicationContextRunner} and {@code OutputCaptureExtension}, AssertJ,
 * Awaitility).
 */
@NullMarked
package dev.pubsub.test.contract;

import org.jspecify.annotations.NullMarked;
