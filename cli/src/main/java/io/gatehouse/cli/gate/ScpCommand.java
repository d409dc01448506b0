package io.gatehouse.cli.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scp", description = "Copy files to and from nodes: gate scp FILE LOGIN@NODE:PATH (and back).")
final class ScpCommand implements Callable<Integer> {
    /** LOGIN@NODE:PATH or NODE:PATH; a colon after a slash is part of a local path, as in scp. */
    private static final Pattern REMOTE = Pattern.compile("^((?:[^@/:]+@)?)([^@/:]+):(.*)$", Pattern.DOTALL);

    @Mixin
    Target target;
    @Option(names = "-r", description = "Copy directories recursively")
    boolean recursive;
    @Option(names = "-p", description = "Preserve modification times and modes")
    boolean preserve;
    @Option(names = "-q", description = "Quiet")
    boolean quiet;
    @Parameters(arity = "2..*", paramLabel = "SOURCE... TARGET")
    List<String> paths;

    @Override
    public Integer call() throws Exception {
        var c = target.resolve(GateHome.fromEnvironment());
        c.requireValid();
        List<String> args = new ArrayList<>();
        if (recursive) {
            args.add("-r");
        }
        if (preserve) {
            args.add("-p");
        }
        if (quiet) {
            args.add("-q");
        }
        args.add("--");
        for (String p : paths) {
            args.add(rewrite(p, c));
        }
        return OpenSsh.run("scp", c, args);
    }

    static String rewrite(String path, Target.Cluster c) {
        Matcher m = REMOTE.matcher(path);
        return m.matches() ? m.group(1) + c.nodeHost(m.group(2)) + ":" + m.group(3) : path;
    }
}
