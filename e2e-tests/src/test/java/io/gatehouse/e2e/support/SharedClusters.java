package io.gatehouse.e2e.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link SharedCluster}: one cluster per port mode for the JVM's whole run,
 * kept in the root context's store, which closes it (stops the quickstart, drops its database)
 * when the run ends. A cluster that failed to start fails every scenario that asks for it with
 * the same error, without trying again.
 */
public final class SharedClusters implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedClusters.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cluster.class;
    }

    @Override
    public Cluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Cluster.PortMode mode = mode(context.getRequiredTestClass());
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(mode, Started::of, Started.class).cluster();
    }

    static Cluster.PortMode mode(Class<?> scenario) {
        if (scenario.isAnnotationPresent(Cluster.WebPortOnly.class)) {
            return Cluster.PortMode.WEB_ONLY;
        }
        return AnnotationSupport.findAnnotation(scenario, SharedCluster.class).map(SharedCluster::value)
                .orElse(Cluster.PortMode.DEFAULT);
    }

    /** A started cluster, or why it did not start; closed with the root context. */
    private record Started(Cluster running, RuntimeException failure) implements AutoCloseable {
        static Started of(Cluster.PortMode mode) {
            Cluster cluster = null;
            try {
                cluster = Cluster.shared(mode);
                cluster.start();
                return new Started(cluster, null);
            } catch (java.io.IOException | RuntimeException | AssertionError e) {
                if (cluster != null) {
                    cluster.shutDown();
                }
                return new Started(null, new IllegalStateException("the shared " + mode + " cluster did not start, so "
                        + "no scenario on it can run: " + e.getMessage(), e));
            }
        }

        Cluster cluster() {
            if (failure != null) {
                throw failure;
            }
            return running;
        }

        @Override
        public void close() {
            if (running != null) {
                running.shutDown();
            }
        }
    }
}
