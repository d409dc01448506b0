package io.gatehouse.auth.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lets operators keep the database password in a file ({@code gatehouse.storage.password-file})
 * instead of the YAML: when no inline password is set, the file's first line is the password.
 */
// Below the expression interceptor, so ${gatehouse.storage.password} references resolve through us.
@Priority(Priorities.LIBRARY + 100)
public final class PasswordFileInterceptor implements ConfigSourceInterceptor {
    private static final String PASSWORD = "gatehouse.storage.password";
    private static final String PASSWORD_FILE = "gatehouse.storage.password-file";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!PASSWORD.equals(name) || (value != null && value.getValue() != null && !value.getValue().isEmpty())) {
            return value;
        }
        ConfigValue file = context.proceed(PASSWORD_FILE);
        if (file == null || file.getValue() == null || file.getValue().isBlank()) {
            return value;
        }
        try {
            String password = Files.readString(Path.of(file.getValue())).lines().findFirst().orElse("");
            return ConfigValue.builder().withName(PASSWORD).withValue(password)
                    .withConfigSourceName("password-file " + file.getValue()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the database password file " + file.getValue()
                    + " (gatehouse.storage.password-file): " + e.getMessage(), e);
        }
    }
}
