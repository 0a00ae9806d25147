package io.bluegreen.traffic;

/**
 * ALB security policies that allow only TLS 1.2 and newer. Closed on purpose: TLS 1.0/1.1 policies such as
 * ELBSecurityPolicy-2016-08 cannot be chosen.
 */
public enum TlsPolicy {
    /** TLS 1.3 and 1.2, forward secrecy; the AWS-recommended default. */
    TLS13_1_2_2021_06("ELBSecurityPolicy-TLS13-1-2-2021-06"),
    /** TLS 1.3 and 1.2, restricted ciphers. */
    TLS13_1_2_RES_2021_06("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"),
    /** TLS 1.3 only. */
    TLS13_1_3_2021_06("ELBSecurityPolicy-TLS13-1-3-2021-06"),
    /** TLS 1.2 only, forward secrecy, restricted ciphers. */
    FS_1_2_RES_2020_10("ELBSecurityPolicy-FS-1-2-Res-2020-10"),
    /** TLS 1.2 only. */
    TLS_1_2_2017_01("ELBSecurityPolicy-TLS-1-2-2017-01");

    private final String awsName;

    TlsPolicy(String awsName) {
        this.awsName = awsName;
    }

    public String awsName() {
        return awsName;
    }
}
