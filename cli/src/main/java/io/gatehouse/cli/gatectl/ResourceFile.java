package io.gatehouse.cli.gatectl;

import io.gatehouse.cli.apiclient.CliException;
import io.gatehouse.cli.apiclient.ExitCodes;
import io.gatehouse.cli.output.Sanitizer;
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

    static void report(List<Resource<?>> stored, String verb) {
        stored.forEach(r -> System.out.println(r.kind().id() + " '" + Sanitizer.clean(r.name()) + "' has been "
                + verb + " (revision " + r.metadata().revision() + ")."));
    }
}
