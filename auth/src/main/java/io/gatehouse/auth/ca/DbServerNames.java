package io.gatehouse.auth.ca;

import io.gatehouse.auth.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names a database server certificate is issued for, each checked to be a DNS name or an IP
 * address: a SAN is what a client's hostname check matches, so nothing else may go in.
 */
record DbServerNames(List<String> all, List<String> dns, List<String> ips) {
    private static final Pattern DNS = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int MAX_NAMES = 32;

    static DbServerNames of(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw ApiException.invalid("no host name given: name the database as clients and agents reach it, "
                    + "e.g. --host=db.example.com,10.0.0.5");
        }
        if (names.size() > MAX_NAMES) {
            throw ApiException.invalid(names.size() + " host names given; at most " + MAX_NAMES);
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String n : names) {
            String name = n == null ? "" : n.strip();
            if (IPV4.matcher(name).matches() || (name.contains(":") && IPV6.matcher(name).matches() && isIp(name))) {
                ips.add(name);
            } else if (DNS.matcher(name).matches() && !name.matches("[0-9.]+")) {
                dns.add(name.toLowerCase(java.util.Locale.ROOT));
            } else {
                throw ApiException.invalid("'" + io.gatehouse.shared.audit.SafeText.of(name) + "' is neither a DNS "
                        + "name nor an IP address; a database certificate names only those");
            }
        }
        List<String> all = new ArrayList<>(dns);
        all.addAll(ips);
        return new DbServerNames(List.copyOf(all), List.copyOf(dns), List.copyOf(ips));
    }

    private static boolean isIp(String literal) {
        try {
            // A literal is parsed, never resolved (the pattern lets no name through to a lookup).
            return java.net.InetAddress.getByName(literal) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
