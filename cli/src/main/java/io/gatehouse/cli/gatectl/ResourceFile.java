package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.shared.resource.Resource;
import io.gatehouse.shared.resource.ResourceException;
import io.gatehouse.shared.resource.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a YAML file and validates it locally, so mistakes are shown before anything is sent. */
final class ResourceFile {
    private ResourceFile() {
    }

    static String readValidated(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            List<Resource<?>> docs = Resources.parseYaml(text, file.toString());
            if (docs.isEmpty()) {
                throw new CliException(ExitCodes.INVALID, file + " holds no resource documents");
            }
        } catch (ResourceException e) {
            throw new CliException(ExitCodes.INVALID, e.getMessage().lines().findFirst().orElse("invalid"),
                    e.problems().stream().map(Object::toString).toList());
        }
        return text;
    }

    static void report(com.fasterxml.jackson.databind.JsonNode page, String verb) {
        page.path("items").forEach(item -> System.out.println(item.path("kind").asText() + " '"
                + io.gatehouse.cli.output.Sanitizer.clean(item.path("metadata").path("name").asText()) + "' has been "
                + verb + " (revision " + item.path("metadata").path("revision").asLong() + ")."));
    }
}
