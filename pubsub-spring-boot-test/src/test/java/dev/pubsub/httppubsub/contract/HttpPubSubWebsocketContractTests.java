package dev.pubsub.httppubsub.contract;

import org.junit.jupiter.api.Nested;

import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.contract.HostileServerContractTests;
import dev.pubsub.test.contract.ListenerContractTests;
import dev.pubsub.test.contract.ReconnectBackoffContractTests;
import dev.pubsub.test.contract.RestoreContractTests;

/**
 * The provider contract kit against the embedded httppubsub broadcaster's {@code /v1/websocket}, client on
 * the {@code websocket} transport. Every point runs. Overlapping patterns ({@code contract/*} next to
 * {@code contract/item}) are delivered once: the broadcaster sends a socket one copy per message however
 * many of its subscriptions match (lonelypss's {@code SimpleReceiver.is_relevant}).
 */
class HttpPubSubWebsocketContractTests {

	@Nested
	class Restore extends RestoreContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new HttpPubSubWebsocketContractPeer();
		}

	}

	@Nested
	class HostileServer extends HostileServerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new HttpPubSubWebsocketContractPeer();
		}

	}

	@Nested
	class ReconnectBackoff extends ReconnectBackoffContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new HttpPubSubWebsocketContractPeer();
		}

	}

	@Nested
	class Listeners extends ListenerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new HttpPubSubWebsocketContractPeer();
		}

	}

}
