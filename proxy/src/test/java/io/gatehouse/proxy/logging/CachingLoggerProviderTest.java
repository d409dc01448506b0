package io.gatehouse.proxy.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class CachingLoggerProviderTest {
    @Test
    void aLoggerIsBuiltOncePerNameAndStillFollowsLevelChanges() {
        CachingLoggerProvider provider = new CachingLoggerProvider();
        provider.initialize();
        String name = "io.gatehouse.test.CachedLogger" + System.nanoTime();
        Logger first = provider.getLoggerFactory().getLogger(name);
        assertSame(first, provider.getLoggerFactory().getLogger(name));

        LogContext.getLogContext().getLogger(name).setLevel(org.jboss.logmanager.Level.DEBUG);
        assertTrue(first.isDebugEnabled(), "a kept logger must see a level lowered after it was made");
        LogContext.getLogContext().getLogger(name).setLevel(org.jboss.logmanager.Level.WARN);
        assertFalse(first.isInfoEnabled(), "and a level raised after it was made");
    }
}
