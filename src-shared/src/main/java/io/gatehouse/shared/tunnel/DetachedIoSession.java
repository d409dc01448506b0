package io.gatehouse.shared.tunnel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.io.IoService;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

/**
 * What a MINA session over a connection no MINA acceptor or connector owns needs besides its
 * bytes: the attributes MINA keeps on it, and no service. The in-process tunnel pipe and the TLS
 * router's hand-over are two such connections.
 */
public abstract class DetachedIoSession extends AbstractCloseable implements IoSession {
    private final Map<Object, Object> attributes = new ConcurrentHashMap<>();

    @Override
    public Object getAttribute(Object key) {
        return attributes.get(key);
    }

    @Override
    public Object setAttribute(Object key, Object value) {
        return attributes.put(key, value);
    }

    @Override
    public Object setAttributeIfAbsent(Object key, Object value) {
        return attributes.putIfAbsent(key, value);
    }

    @Override
    public Object removeAttribute(Object key) {
        return attributes.remove(key);
    }

    @Override
    public IoService getService() {
        return null;
    }
}
