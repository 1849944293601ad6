# The program of examples/Dockerfile, written the way many Dockerfiles start out.
# `dockerfile-lsp check examples/` shows what is wrong here and the fix on offer for each finding;
# examples/Dockerfile is the same image done well.

FROM ubuntu
MAINTAINER Jane Doe <jane@example.com>
ENV DEBIAN_FRONTEND noninteractive
RUN apt-get update
RUN apt-get install -y gcc libc6-dev curl
RUN curl -sSL https://example.com/motd.txt | tee /etc/motd
WORKDIR /src
COPY <<EOF hello.c
#include <stdio.h>
int main(void) { puts("hello from dockerfile-lsp"); return 0; }
EOF
RUN cd /src && gcc -O2 -o /usr/local/bin/hello hello.c
ENV API_TOKEN=change-me
CMD hello
