package io.lambdadr.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rule: the domain is pure, the engine speaks to AWS only through its ports. */
@AnalyzeClasses(packages = "io.lambdadr.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_dependsOnNoFrameworkNorSdk = noClasses()
            .that().resideInAPackage("..domain..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("software.amazon..", "com.amazonaws..", "com.fasterxml..")
            .because("the domain (snapshot, translation, planning) is pure and tested without AWS");

    @ArchTest
    static final ArchRule domain_dependsOnNoOuterLayer = noClasses()
            .that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage("..engine..", "..aws..", "..config..")
            .because("dependencies point inward: engine, adapters and configuration use the domain, not the reverse");

    @ArchTest
    static final ArchRule engine_dependsOnNoSdkNorAdapter = noClasses()
            .that().resideInAPackage("..engine..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "..aws..")
            .because("the engine reaches AWS only through the SourceRegion and ReplicaRegion ports");

    @ArchTest
    static final ArchRule sdk_isUsedOnlyByAdaptersAndRegionNames = noClasses()
            .that().resideOutsideOfPackages("..aws..", "..config..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..")
            .because("the AWS SDK lives in the adapters (aws) and, for region names only, in config");

    @ArchTest
    static final ArchRule config_usesOnlyTheSdkRegions = noClasses()
            .that().resideInAPackage("..config..")
            .should().dependOnClassesThat(DescribedPredicate.describe(
                    "are in the AWS SDK outside software.amazon.awssdk.regions",
                    (JavaClass target) -> target.getPackageName().startsWith("software.amazon.")
                            && !target.getPackageName().equals("software.amazon.awssdk.regions")))
            .because("configuration needs the SDK only to know region names");
}
