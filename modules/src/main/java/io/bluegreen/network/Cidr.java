package io.bluegreen.network;

import io.bluegreen.validation.Check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 CIDR block, parsed and validated at synth time. IPv4 blocks can be split into subnets
 * (used by {@link Network} to lay out the subnets of a VPC it creates).
 */
public record Cidr(String value) {
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:]+/(\\d{1,3})$");

    public static final Cidr ANY_IPV4 = new Cidr("0.0.0.0/0");
    public static final Cidr ANY_IPV6 = new Cidr("::/0");

    public Cidr {
        if (!isValid(value)) {
            throw Check.in("Cidr").invalid("cidr", value,
                    "an IPv4 block such as 10.0.0.0/16 or an IPv6 block such as 2001:db8::/56, with no host bits set",
                    "write the network address and prefix length, e.g. 203.0.113.0/24");
        }
    }

    public static Cidr of(String value) {
        return new Cidr(value);
    }

    public static boolean isValid(String value) {
        if (value == null) {
            return false;
        }
        Matcher m = IPV4.matcher(value);
        if (m.matches()) {
            long address = 0;
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(m.group(i));
                if (octet > 255) {
                    return false;
                }
                address = (address << 8) | octet;
            }
            int prefix = Integer.parseInt(m.group(5));
            if (prefix > 32) {
                return false;
            }
            long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
            return (address & hostMask) == 0;
        }
        Matcher v6 = IPV6.matcher(value);
        if (v6.matches()) {
            int prefix = Integer.parseInt(v6.group(1));
            String address = value.substring(0, value.indexOf('/'));
            return prefix <= 128 && address.contains(":") && !address.contains(":::")
                    && address.indexOf("::") == address.lastIndexOf("::");
        }
        return false;
    }

    public boolean isIpv4() {
        return IPV4.matcher(value).matches();
    }

    /** True for 0.0.0.0/0 and ::/0 (and any other prefix length 0 block): the whole internet. */
    public boolean isWholeInternet() {
        return prefixLength() == 0;
    }

    public int prefixLength() {
        return Integer.parseInt(value.substring(value.indexOf('/') + 1));
    }

    /** Like Terraform's cidrsubnet(): the {@code index}-th block of prefix length + {@code newBits}. */
    public Cidr subnet(int newBits, int index) {
        if (!isIpv4()) {
            throw new IllegalStateException("only IPv4 blocks are split into subnets: " + value);
        }
        int newPrefix = prefixLength() + newBits;
        if (newPrefix > 28 || index < 0 || index >= (1 << newBits)) {
            throw Check.in("Cidr").invalid("cidr", value,
                    "a block large enough for " + (1 << newBits) + " subnets of /" + newPrefix + " (at most /28)",
                    "use a larger VPC block, e.g. a /16 to /24");
        }
        Matcher m = IPV4.matcher(value);
        m.matches();
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            address = (address << 8) | Integer.parseInt(m.group(i));
        }
        address += (long) index << (32 - newPrefix);
        return new Cidr(((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255)
                + "." + (address & 255) + "/" + newPrefix);
    }

    @Override
    public String toString() {
        return value;
    }
}
