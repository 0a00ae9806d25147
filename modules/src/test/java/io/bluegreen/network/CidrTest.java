package io.bluegreen.network;

import org.junit.jupiter.api.Test;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {
    @Test
    void splitsAnIpv4BlockLikeTerraformCidrsubnet() {
        Cidr vpc = Cidr.of("10.10.0.0/16");
        assertEquals("10.10.0.0/18", vpc.subnet(2, 0).value());
        assertEquals("10.10.64.0/18", vpc.subnet(2, 1).value());
        assertEquals("10.10.192.0/18", vpc.subnet(2, 3).value());
    }

    @Test
    void recognisesTheWholeInternet() {
        assertTrue(Cidr.ANY_IPV4.isWholeInternet());
        assertTrue(Cidr.ANY_IPV6.isWholeInternet());
        assertFalse(Cidr.of("10.0.0.0/8").isWholeInternet());
    }

    @Test
    void acceptsIpv6() {
        assertTrue(Cidr.isValid("2001:db8::/56"));
    }

    @Test
    void failsForOctetAbove255() {
        assertInvalid(() -> Cidr.of("10.0.300.0/24"), "cidr", "'10.0.300.0/24'", "IPv4 block");
    }

    @Test
    void failsForHostBitsSet() {
        assertInvalid(() -> Cidr.of("10.0.0.1/16"), "'10.0.0.1/16'", "no host bits set");
    }

    @Test
    void failsForMissingPrefix() {
        assertInvalid(() -> Cidr.of("10.0.0.0"), "'10.0.0.0'");
    }
}
