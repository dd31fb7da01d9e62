# syntax=docker/dockerfile:1
#
# cudoscan in an image: a static binary (built as the release archives
# are), git for the git modes, and a user that is not root. Not cudovet:
# it loads packages with the go command, which the image does not carry.
#
#   docker build -t cudoscan --build-arg VERSION=v1.2.3 .
#   docker run --rm -v "$PWD:/repo:ro" cudoscan                 # scan .
#   docker run --rm -v "$PWD:/repo:ro" cudoscan history         # the git history

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The version `cudoscan version` prints; empty: "(devel)".
ARG VERSION=""
RUN CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath \
	-ldflags="-s -w -X github.com/cudoscan/cudoscan/internal/version.Release=${VERSION}" \
	-o /out/ ./cmd/cudoscan

FROM alpine:3.22
# git for staged, history and pre-push. A mounted repository belongs to
# the host's user, not this one: git refuses to read it ("dubious
# ownership") unless it is marked safe, and the image only ever reads.
RUN apk add --no-cache git ca-certificates \
	&& git config --system --add safe.directory '*' \
	&& adduser -D -H -u 10001 cudoscan
COPY --from=build /out/cudoscan /usr/local/bin/
USER 10001:10001
WORKDIR /repo
ENTRYPOINT ["cudoscan"]
CMD ["scan", "."]
