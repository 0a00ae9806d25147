package io.bluegreen.environments;

import io.bluegreen.network.VpcSource;
import io.bluegreen.platform.EcsBlueGreen;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.bluegreen.testing.Synth.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentConfigTest {
    private static EnvironmentConfig.Builder valid(String name) {
        return Defaults.environment(name).network(VpcSource.Create.of("10.0.0.0/16"))
                .service(Defaults.CHECKOUT, () -> Defaults.checkout().build());
    }

    /** An environment with the checkout service changed by {@code change}. */
    private static EnvironmentConfig.Builder withCheckout(String env, java.util.function.UnaryOperator<EcsBlueGreen.Builder> change) {
        return Defaults.environment(env).network(VpcSource.Create.of("10.0.0.0/16"))
                .service(Defaults.CHECKOUT, () -> change.apply(Defaults.checkout()).build());
    }

    @Test
    void fillsSharedDefaults() {
        EnvironmentConfig config = valid("qa").build();
        assertEquals(List.of(Defaults.CHECKOUT), config.services().stream().map(ServiceConfig::name).toList());
        assertEquals(Defaults.REGION, config.region());
        assertInstanceOf(StateBackend.Local.class, config.stateBackend());
    }

    @Test
    void defaultTagsNameServiceEnvironmentAndTool() {
        Map<String, String> tags = valid("qa").build().defaultTags("checkout");
        assertEquals("checkout", tags.get("service"));
        assertEquals("qa", tags.get("environment"));
        assertEquals("cdktf", tags.get("managed-by"));
        assertEquals("platform-team", tags.get("owner"));
    }

    @Test
    void failsForEmptyName() {
        assertInvalid(() -> valid("").build(), "environment ''", "name = ''", "lowercase letters and digits");
    }

    @Test
    void failsForNameWithSpaces() {
        assertInvalid(() -> valid("my env").build(), "environment 'my env'", "name = 'my env'", "no spaces");
    }

    @Test
    void failsForUpperCaseName() {
        assertInvalid(() -> valid("Prod").build(), "environment 'Prod'", "name = 'Prod'", "upper case");
    }

    @Test
    void failsForNameTooLongToStayReadableInAwsNames() {
        assertInvalid(() -> valid("preproduction").build(), "environment 'preproduction'", "2 to 10 characters");
    }

    @Test
    void failsForServiceTooLong() {
        assertInvalid(() -> valid("dev").service("customer-notification-svc", () -> Defaults.checkout().build()).build(),
                "service 'customer-notification-svc'", "name = 'customer-notification-svc'", "2 to 20 characters");
    }

    @Test
    void failsForTwoServicesWithOneName() {
        assertInvalid(() -> valid("dev").service(Defaults.CHECKOUT, () -> Defaults.checkout().build()).build(),
                "environment 'dev'", "services = 'checkout'", "used once per environment");
    }

    @Test
    void failsForAServiceCalledShared() {
        assertInvalid(() -> valid("dev").service("shared", () -> Defaults.checkout().build()).build(),
                "service 'shared'", "name = 'shared'", "the environment's shared stack");
    }

    @Test
    void failsForAnEnvironmentWithoutServices() {
        assertInvalid(() -> Defaults.environment("dev").network(VpcSource.Create.of("10.0.0.0/16")).build(),
                "environment 'dev'", "services", "at least 1 service");
    }

    @Test
    void aBrokenServiceSettingNamesTheServiceAndTheEnvironment() {
        Map<String, Supplier<EnvironmentConfig>> definitions = new LinkedHashMap<>();
        definitions.put("staging", () -> withCheckout("staging", c -> c.deployment(d -> d.withTerminationWait(3000))).build());
        var e = assertInvalid(() -> Environments.load(definitions), "environment 'staging'", "service 'checkout'",
                "terminationWaitMinutes = 3000", "0 to 2880");
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    @Test
    void failsForUnknownRegion() {
        assertInvalid(() -> valid("dev").region("eu-nowhere").build(),
                "environment 'dev'", "region = 'eu-nowhere'", "AWS region code such as eu-west-1");
    }

    @Test
    void failsForMissingNetwork() {
        assertInvalid(() -> Defaults.environment("dev").build(), "environment 'dev'", "network is missing");
    }

    @Test
    void failsForReservedTagKey() {
        assertInvalid(() -> valid("dev").tags(Map.of("environment", "x")).build(),
                "environment 'dev'", "tags key = 'environment'", "the stacks set those themselves");
    }

    @Test
    void failsForTwoEnvironmentsWithOneName() {
        Map<String, Supplier<EnvironmentConfig>> definitions = new LinkedHashMap<>();
        definitions.put("dev", () -> valid("dev").build());
        definitions.put("dev2", () -> valid("dev").build());
        assertInvalid(() -> Environments.load(definitions), "environment 'dev'", "name = 'dev'",
                "a name no other environment uses");
    }

    @Test
    void errorFromANestedValueNamesTheEnvironmentItCameFrom() {
        Map<String, Supplier<EnvironmentConfig>> definitions = new LinkedHashMap<>();
        definitions.put("staging", () -> valid("staging").network(VpcSource.Create.of("10.0.0.0/33")).build());
        assertInvalid(() -> Environments.load(definitions), "environment 'staging'", "'10.0.0.0/33'");
    }

    @Test
    void failsForMalformedStateBucket() {
        assertInvalid(() -> new StateBackend.S3("My_Bucket"), "bucket = 'My_Bucket'", "S3 bucket name");
    }

    @Test
    void failsForMalformedTransitionLockTable() {
        assertInvalid(() -> new StateBackend.S3("acme-state").withTransitionLockTable("locks!"),
                "transitionLockTable = 'locks!'", "DynamoDB table name");
    }

    @Test
    void selectsOnlyTheNamedEnvironments() {
        List<EnvironmentConfig> all = Environments.all();
        assertEquals(List.of("prod", "dev"),
                Environments.select(all, "prod, dev").stream().map(EnvironmentConfig::name).toList());
        assertEquals(all, Environments.select(all, ""));
    }

    @Test
    void failsToSelectAnUnknownEnvironment() {
        assertInvalid(() -> Environments.select(Environments.all(), "qa"), "environment = 'qa'", "[dev, staging, prod]");
    }

    private static final String CERT_EU = "arn:aws:acm:eu-west-1:111122223333:certificate/3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    private static final String CERT_US = "arn:aws:acm:us-east-1:111122223333:certificate/3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    private static final String CONNECTION_OTHER_ACCOUNT =
            "arn:aws:codestar-connections:eu-west-1:444455556666:connection/6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";

    @Test
    void failsForACertificateFromAnotherRegion() {
        // An ALB in eu-west-1 cannot use a us-east-1 certificate (that region is for CloudFront); apply would fail.
        assertInvalid(() -> withCheckout("qa", c -> c.traffic(t -> t.withCertificateArn(CERT_US))).build(), "environment 'qa'",
                "traffic.certificateArn = '" + CERT_US + "'", "environment's region eu-west-1", "request or import");
    }

    @Test
    void failsForAConnectionInAnotherAccountThanTheCertificate() {
        assertInvalid(() -> withCheckout("qa", c -> c.traffic(t -> t.withCertificateArn(CERT_EU))
                        .pipeline(p -> p.withSource(Defaults.connectionSource(CONNECTION_OTHER_ACCOUNT)))).build(),
                "environment 'qa'", "pipeline.source.connection.arn", "account of traffic.certificateArn (111122223333)");
    }

    @Test
    void failsForAnArnOutsideTheEnvironmentsAccount() {
        assertInvalid(() -> withCheckout("qa", c -> c.traffic(t -> t.withCertificateArn(CERT_EU))).account("999988887777").build(),
                "environment 'qa'", "traffic.certificateArn", "the environment's account 999988887777");
    }

    @Test
    void failsForAnAccountThatIsNotTwelveDigits() {
        assertInvalid(() -> valid("qa").account("1234").build(), "environment 'qa'", "account = '1234'", "12-digit");
    }

    @Test
    void acceptsArnsOfTheEnvironmentsAccountAndRegion() {
        EnvironmentConfig config = withCheckout("qa", c -> c.traffic(t -> t.withCertificateArn(CERT_EU))
                .pipeline(p -> p.withSource(Defaults.connectionSource(
                        "arn:aws:codestar-connections:us-east-1:111122223333:connection/6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"))))
                .account("111122223333").build();
        assertEquals("111122223333", config.account(), "a connection is global: another region is fine");
    }

    @Test
    void everyShippedEnvironmentsArnsAgreeWithIt() {
        // Environments.all() builds (and so validates) each shipped environment.
        for (EnvironmentConfig config : Environments.all()) {
            String certificate = ((EcsBlueGreen) config.service(Defaults.CHECKOUT).platform()).traffic().certificateArn();
            if (config.account() != null && certificate != null) {
                assertTrue(certificate.contains(":" + config.region() + ":" + config.account() + ":"), config.name());
            }
        }
    }
}
