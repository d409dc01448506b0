package io.gatehouse.proxy.logging;

import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.impl.JBossSlf4jServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Quarkus' SLF4J binding with its loggers kept by name. MINA asks SLF4J for a logger every time
 * it creates a future (AbstractLoggingBean), several per SSH packet, and the JBoss binding builds
 * and registers a new logger on each call: a fifth of the proxy's CPU under a bulk transfer
 * (measured with JFR). Levels live on the log manager's nodes, not on the logger objects, so a
 * kept logger still follows level changes.
 * Selected with {@code -Dslf4j.provider=io.gatehouse.proxy.logging.CachingLoggerProvider}
 * (deploy/quickstart.sh); without it the proxy works the same, only slower.
 */
public final class CachingLoggerProvider implements SLF4JServiceProvider {
    private final JBossSlf4jServiceProvider delegate = new JBossSlf4jServiceProvider();
    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = this::logger;

    private Logger logger(String name) {
        Logger known = loggers.get(name); // the common case, without computeIfAbsent's lock
        return known != null ? known : loggers.computeIfAbsent(name, n -> delegate.getLoggerFactory().getLogger(n));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return delegate.getMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return delegate.getMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
        return delegate.getRequestedApiVersion();
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }
}
