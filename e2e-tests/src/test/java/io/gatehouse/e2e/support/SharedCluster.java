package io.gatehouse.e2e.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scenario runs on the cluster the whole test run shares for its port mode, handed to its
 * {@code @BeforeAll} as a {@link Cluster} parameter, instead of starting its own (about 20 s of
 * quickstart each). A subclass marked {@link Cluster.WebPortOnly} gets the WEB_ONLY one.
 *
 * <p>A scenario may share when it does not stop, restart or kill auth, the proxy or the quickstart's
 * agent (a shared cluster refuses to), needs no configuration of its own, and names its users,
 * roles, agents and connectors so that no other scenario uses the same name. Scenarios run one
 * class after another, so a class may still compare what it stored before and after its tests.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@ExtendWith(SharedClusters.class)
public @interface SharedCluster {
    Cluster.PortMode value() default Cluster.PortMode.DEFAULT;
}
