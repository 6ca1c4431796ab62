package dev.pubsub.emitter.contract;

import org.junit.jupiter.api.Nested;

import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.contract.HostileServerContractTests;
import dev.pubsub.test.contract.ListenerContractTests;
import dev.pubsub.test.contract.ReconnectBackoffContractTests;
import dev.pubsub.test.contract.RestoreContractTests;

/**
 * The provider contract kit against the embedded Emitter broker (MQTT, Paho client).
 */
class EmitterContractTests {

	@Nested
	class Restore extends RestoreContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new EmitterContractPeer();
		}

	}

	@Nested
	class HostileServer extends HostileServerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new EmitterContractPeer();
		}

	}

	@Nested
	class ReconnectBackoff extends ReconnectBackoffContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new EmitterContractPeer();
		}

	}

	@Nested
	class Listeners extends ListenerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new EmitterContractPeer();
		}

	}

}
