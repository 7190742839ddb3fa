# syntax=docker/dockerfile:1
#
# The backupctl container image: the static musl binary of a release and
# nothing else but what distroless/static carries (CA certificates in
# /etc/ssl/certs/ca-certificates.crt, where the AWS SDK's rustls client
# reads its root store through rustls-native-certs; tzdata; /etc/passwd
# with the `nonroot` user 65532). No shell, no package manager.
#
# It does not compile: .github/workflows/release.yml builds, checks and
# checksums the binaries once and puts them in the build context as
# dist/amd64/backupctl and dist/arm64/backupctl, so the image holds the very
# bytes of the release archives (same SHA-256) and the arm64 image needs no
# emulated compile. To build one locally from a checkout:
#
#   cargo build --release --target x86_64-unknown-linux-musl
#   mkdir -p dist/amd64 && cp target/x86_64-unknown-linux-musl/release/backupctl dist/amd64/
#   docker build --platform linux/amd64 -t backupctl .
#
# Run: docker run --rm -v "$PWD:/work" -e AWS_REGION -e AWS_ACCESS_KEY_ID \
#        -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN IMAGE plan -f backup/
FROM gcr.io/distroless/static-debian12:nonroot

ARG TARGETARCH
ARG VERSION=dev
LABEL org.opencontainers.image.title="backupctl" \
      org.opencontainers.image.description="Declarative backup-as-code reconciler for AWS Backup" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"

COPY --chmod=0555 dist/${TARGETARCH}/backupctl /usr/local/bin/backupctl

# 65532 is `nonroot` in distroless (numeric: resolvable without /etc/passwd).
USER 65532:65532
# Mount the repository here: `-f backup/` and `--emulator`'s .backupctl/
# are relative to it.
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/backupctl"]
CMD ["--help"]
