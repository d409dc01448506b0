package io.gatehouse.rdp.nla;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * MS-CSSP 2.2.1.2 TSCredentials carrying 2.2.1.2.1 TSPasswordCreds, the last thing the client
 * sends (encrypted, in TSRequest.authInfo):
 * <pre>
 * TSCredentials   ::= SEQUENCE { credType [0] INTEGER, credentials [1] OCTET STRING }
 * TSPasswordCreds ::= SEQUENCE { domainName [0] OCTET STRING, userName [1] OCTET STRING,
 *                                password [2] OCTET STRING }   -- each UTF-16LE, no terminator
 * </pre>
 */
record TsCredentials(String domain, String user, String password) {
    /** credType 1 = TSPasswordCreds (2 would be smart-card credentials, which we never send). */
    static final int PASSWORD_CREDS = 1;

    /** The DER encoding; the caller should wipe it after sealing, as it holds the password. */
    byte[] encode() {
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_16LE);
        byte[] passwordOctets = Der.octetString(passwordBytes);
        byte[] passwordField = Der.explicit(2, passwordOctets);
        byte[] passwordCreds = Der.sequence(
                Der.explicit(0, Der.octetString(domain.getBytes(StandardCharsets.UTF_16LE))),
                Der.explicit(1, Der.octetString(user.getBytes(StandardCharsets.UTF_16LE))),
                passwordField);
        byte[] encoded = Der.sequence(
                Der.explicit(0, Der.integer(PASSWORD_CREDS)),
                Der.explicit(1, Der.octetString(passwordCreds)));
        // Der copies as it nests; wipe the intermediate copies we hold (best effort: the JVM may
        // have copied them further, and the String itself belongs to the caller).
        Arrays.fill(passwordBytes, (byte) 0);
        Arrays.fill(passwordOctets, (byte) 0);
        Arrays.fill(passwordField, (byte) 0);
        Arrays.fill(passwordCreds, (byte) 0);
        return encoded;
    }

    static TsCredentials decode(byte[] der) throws MalformedMessageException {
        Der.Reader outer = new Der.Reader(der, "TSCredentials");
        Der.Reader seq = outer.sequence("TSCredentials");
        outer.expectEnd();
        Der.Reader typeField = seq.explicit(0, "TSCredentials.credType");
        long type = typeField.int32("TSCredentials.credType");
        typeField.expectEnd();
        if (type != PASSWORD_CREDS) {
            throw new MalformedMessageException("TSCredentials.credType " + type + " is not password credentials (1)");
        }
        Der.Reader credField = seq.explicit(1, "TSCredentials.credentials");
        byte[] inner = credField.octetString("TSCredentials.credentials");
        credField.expectEnd();
        seq.expectEnd();

        Der.Reader innerOuter = new Der.Reader(inner, "TSPasswordCreds");
        Der.Reader creds = innerOuter.sequence("TSPasswordCreds");
        innerOuter.expectEnd();
        String domain = utf16(creds, 0, "TSPasswordCreds.domainName");
        String user = utf16(creds, 1, "TSPasswordCreds.userName");
        String password = utf16(creds, 2, "TSPasswordCreds.password");
        creds.expectEnd();
        return new TsCredentials(domain, user, password);
    }

    private static String utf16(Der.Reader seq, int tag, String name) throws MalformedMessageException {
        Der.Reader field = seq.explicit(tag, name);
        byte[] bytes = field.octetString(name);
        field.expectEnd();
        if (bytes.length % 2 != 0) {
            throw new MalformedMessageException(name + " has an odd length for UTF-16");
        }
        return new String(bytes, StandardCharsets.UTF_16LE);
    }

    @Override
    public String toString() {
        return "TsCredentials[" + domain + "\\" + user + ", password=***]";
    }
}
