package io.gatehouse.rdp.nla;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random, truncated and bit-flipped inputs to every parser of server data: each
 * must parse or end in our own exception, never an index, negative-size or other runtime error.
 * The seed is fixed so a failure reproduces.
 */
class MalformedInputTest {
    private static final byte[] SPEC_CHALLENGE = HexFormat.of().parseHex(
            "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
            + "00000000000000002400240044000000060070170000000f5300650072007600"
            + "6500720002000c0044006f006d00610069006e0001000c005300650072007600"
            + "6500720000000000");

    private interface Parser {
        void parse(byte[] input) throws IOException;
    }

    @Test
    void tsRequestDecodingEndsOnlyInMalformedMessage() {
        byte[] valid = new TsRequest(6, List.of(new byte[] {1, 2, 3}, SPEC_CHALLENGE), Optional.of(new byte[40]),
                Optional.of(new byte[200]), OptionalLong.of(0xC000006DL), Optional.of(new byte[32])).encode();
        hammer(valid, TsRequest::decode, MalformedMessageException.class);
    }

    @Test
    void tsRequestReadingEndsOnlyInIoException() {
        byte[] valid = TsRequest.withToken(6, SPEC_CHALLENGE).encode();
        hammer(valid, b -> TsRequest.read(new ByteArrayInputStream(b)), IOException.class);
    }

    @Test
    void tsCredentialsDecodingEndsOnlyInMalformedMessage() {
        hammer(new TsCredentials("DOMAIN", "user", "secret").encode(), TsCredentials::decode,
                MalformedMessageException.class);
    }

    @Test
    void challengeParsingEndsOnlyInMalformedMessage() {
        hammer(SPEC_CHALLENGE, NtlmChallenge::parse, MalformedMessageException.class);
    }

    @Test
    void authenticatingAgainstAnyChallengeEndsOnlyInIoException() {
        hammer(SPEC_CHALLENGE, b -> {
            Ntlm ntlm = new Ntlm("D", "u", "p", "", Ntlm.DEFAULT_VERSION,
                    new Ntlm.Entropy(new byte[8], new byte[16], 0));
            ntlm.negotiate();
            ntlm.authenticate(b);
        }, IOException.class);
    }

    @Test
    void unsealingGarbageEndsOnlyInMalformedMessage() {
        byte[] sealed = NtlmSealing.forClient(new byte[16], true).seal(new byte[40]);
        hammer(sealed, b -> NtlmSealing.forServer(new byte[16], true).unseal(b), MalformedMessageException.class);
    }

    private static void hammer(byte[] valid, Parser parser, Class<? extends IOException> allowed) {
        Random random = new Random(20240601L);
        for (int length = 0; length <= valid.length; length++) { // every truncation
            attempt(parser, Arrays.copyOf(valid, length), allowed);
        }
        for (int i = 0; i < 5000; i++) { // bit flips and byte smashes of a valid message
            byte[] mutated = valid.clone();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(mutated.length);
                mutated[at] = random.nextBoolean() ? (byte) (mutated[at] ^ (1 << random.nextInt(8)))
                        : (byte) random.nextInt(256);
            }
            attempt(parser, mutated, allowed);
        }
        for (int i = 0; i < 5000; i++) { // pure noise, some starting like the real thing
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            if (noise.length > 2 && random.nextBoolean()) {
                System.arraycopy(valid, 0, noise, 0, Math.min(noise.length, 1 + random.nextInt(valid.length)));
            }
            attempt(parser, noise, allowed);
        }
    }

    private static void attempt(Parser parser, byte[] input, Class<? extends IOException> allowed) {
        try {
            parser.parse(input);
        } catch (IOException e) {
            if (!allowed.isInstance(e)) {
                fail("unexpected " + e.getClass().getSimpleName() + " for " + HexFormat.of().formatHex(input), e);
            }
        } catch (RuntimeException e) {
            fail(e.getClass().getSimpleName() + " escaped for input " + HexFormat.of().formatHex(input), e);
        }
    }
}
