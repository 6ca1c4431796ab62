package dev.pubsub.emitter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * An {@link SSLSocket} that is another one, except that its input stream is wrapped (by
 * {@link InboundPacketGuard}): Paho's {@code ssl://} transport requires an {@code SSLSocket} (it sets
 * SNI, hostname verification and cipher suites on it and starts the handshake), so the TLS socket
 * of an SSL bundle or of the JVM's default context is delegated to whole, and only the decrypted
 * bytes are guarded. The plain socket methods are delegated by {@link DelegatingSslSocket}, the TLS
 * ones here.
 */
final class GuardedSslSocket extends DelegatingSslSocket {

	private final UnaryOperator<InputStream> guard;

	private @Nullable InputStream guarded;

	GuardedSslSocket(SSLSocket delegate, UnaryOperator<InputStream> guard) {
		super(delegate);
		this.guard = guard;
	}

	@Override
	public synchronized InputStream getInputStream() throws IOException {
		InputStream stream = this.guarded;
		if (stream == null) {
			stream = this.guard.apply(this.delegate.getInputStream());
			this.guarded = stream;
		}
		return stream;
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		return this.delegate.getOutputStream();
	}

	// ---- TLS ----

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public String[] getEnabledCipherSuites() {
		return this.delegate.getEnabledCipherSuites();
	}

	@Override
	public void setEnabledCipherSuites(String[] suites) {
		this.delegate.setEnabledCipherSuites(suites);
	}

	@Override
	public String[] getSupportedProtocols() {
		return this.delegate.getSupportedProtocols();
	}

	@Override
	public String[] getEnabledProtocols() {
		return this.delegate.getEnabledProtocols();
	}

	@Override
	public void setEnabledProtocols(String[] protocols) {
		this.delegate.setEnabledProtocols(protocols);
	}

	@Override
	public SSLSession getSession() {
		return this.delegate.getSession();
	}

	@Override
	public SSLSession getHandshakeSession() {
		return this.delegate.getHandshakeSession();
	}

	@Override
	public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
		this.delegate.addHandshakeCompletedListener(listener);
	}

	@Override
	public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
		this.delegate.removeHandshakeCompletedListener(listener);
	}

	@Override
	public void startHandshake() throws IOException {
		this.delegate.startHandshake();
	}

	@Override
	public void setUseClientMode(boolean mode) {
		this.delegate.setUseClientMode(mode);
	}

	@Override
	public boolean getUseClientMode() {
		return this.delegate.getUseClientMode();
	}

	@Override
	public void setNeedClientAuth(boolean need) {
		this.delegate.setNeedClientAuth(need);
	}

	@Override
	public boolean getNeedClientAuth() {
		return this.delegate.getNeedClientAuth();
	}

	@Override
	public void setWantClientAuth(boolean want) {
		this.delegate.setWantClientAuth(want);
	}

	@Override
	public boolean getWantClientAuth() {
		return this.delegate.getWantClientAuth();
	}

	@Override
	public void setEnableSessionCreation(boolean flag) {
		this.delegate.setEnableSessionCreation(flag);
	}

	@Override
	public boolean getEnableSessionCreation() {
		return this.delegate.getEnableSessionCreation();
	}

	@Override
	public SSLParameters getSSLParameters() {
		return this.delegate.getSSLParameters();
	}

	@Override
	public void setSSLParameters(SSLParameters params) {
		// SNI and endpoint identification (hostname verification) live here: never the default,
		// which would keep only suites, protocols and client auth
		this.delegate.setSSLParameters(params);
	}

	@Override
	public String getApplicationProtocol() {
		return this.delegate.getApplicationProtocol();
	}

	@Override
	public String getHandshakeApplicationProtocol() {
		return this.delegate.getHandshakeApplicationProtocol();
	}

	@Override
	public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
		this.delegate.setHandshakeApplicationProtocolSelector(selector);
	}

	@Override
	public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
		return this.delegate.getHandshakeApplicationProtocolSelector();
	}

	@Override
	public String toString() {
		return "GuardedSslSocket[" + this.delegate + "]";
	}

}
