//! Hover tests. A fixture is Dockerfile text with `$0` at the cursor; `check` renders the hover
//! as the hovered text followed by the Markdown, and compares it with a snapshot.

use dockerfile_lsp::analysis::config::{Config, Locale};
use dockerfile_lsp::analysis::hover::{Hover, diagnostic_hover, hover};
use dockerfile_lsp::analysis::model::{self, Args, InstructionKind};
use dockerfile_lsp::analysis::{Host, analyze, docs, reference, rules};
use expect_test::{Expect, expect};

fn cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    (fixture.replacen("$0", "", 1), offset)
}

fn render(text: &str, h: Option<Hover>) -> String {
    match h {
        Some(h) => format!("[{}]\n{}", h.range.slice(text), h.markdown),
        None => "(no hover)".to_string(),
    }
}

fn check_in(locale: Locale, fixture: &str, expect: Expect) {
    let (text, offset) = cursor(fixture);
    let model = model::parse(&text);
    expect.assert_eq(&render(&text, hover(&model, &text, offset, locale)));
}

fn check(fixture: &str, expect: Expect) {
    check_in(Locale::En, fixture, expect);
}

fn check_zh(fixture: &str, expect: Expect) {
    check_in(Locale::ZhHans, fixture, expect);
}

/// The first line of prose of a Markdown text (what a person reads first).
fn first_prose(md: &str) -> &str {
    let mut fence = false;
    for line in md.lines() {
        if line.starts_with("```") {
            fence = !fence;
            continue;
        }
        if !fence && !line.trim().is_empty() {
            return line;
        }
    }
    ""
}

/// Every instruction and every flag of every instruction, each written once.
const EVERYTHING: &str = r#"# syntax=docker/dockerfile:1-labs
# escape=\
# check=skip=JSONArgsRecommended;error=true
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS builder
RUN --mount=type=cache,target=/root/.cache --network=none --security=insecure --device=nvidia.com/gpu=all go build
COPY --from=builder --chown=app:app --chmod=0755 --link --parents --exclude=*.md . /src/
ADD --chown=1:1 --chmod=644 --link --checksum=sha256:abc --keep-git-dir --unpack=true --exclude=x https://example.com/a.tgz /a
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD true
CMD ["app"]
ENTRYPOINT ["tini", "--"]
ENV A=1
EXPOSE 80
LABEL a=b
MAINTAINER someone
ONBUILD RUN true
SHELL ["/bin/sh", "-c"]
STOPSIGNAL SIGQUIT
USER app
VOLUME /data
WORKDIR /app
"#;

/// Hovers every keyword, flag and directive of [`EVERYTHING`] and lists `text → first line`.
fn everything(locale: Locale) -> String {
    let text = EVERYTHING;
    let model = model::parse(text);
    let mut out = Vec::new();
    let mut line = |offset: usize| {
        let h = hover(&model, text, offset, locale).expect("a hover");
        out.push(format!("{} → {}", h.range.slice(text), first_prose(&h.markdown)));
    };
    for d in &model.directives {
        line(d.name.range.start);
    }
    for i in &model.instructions {
        line(i.keyword.range.start);
        for f in &i.flags {
            line(f.name.range.start);
        }
    }
    out.join("\n")
}

#[test]
fn every_instruction_flag_and_directive_is_covered_by_the_fixture() {
    let model = model::parse(EVERYTHING);
    let kinds: Vec<InstructionKind> = model.instructions.iter().map(|i| i.kind).collect();
    for kind in InstructionKind::ALL {
        assert!(kinds.contains(&kind), "{kind:?} missing from the fixture");
        for flag in reference::flags(kind) {
            let written = model
                .instructions
                .iter()
                .any(|i| i.kind == kind && i.flag(flag.name).is_some());
            assert!(written, "{kind:?} --{} missing from the fixture", flag.name);
        }
    }
    assert_eq!(model.directives.len(), 3);
}

#[test]
fn every_instruction_flag_and_directive_hovers_with_its_whole_topic() {
    let text = EVERYTHING;
    let model = model::parse(text);
    for locale in [Locale::En, Locale::ZhHans] {
        for d in &model.directives {
            let h = hover(&model, text, d.name.range.start, locale).expect("directive hover");
            let topic = reference::directive_topic(d.kind);
            assert_eq!(Some(h.markdown.as_str()), docs::topic(topic, locale).map(str::trim_end));
        }
        for i in &model.instructions {
            let topic = reference::instruction_topic(i.kind).expect("known instruction");
            let h = hover(&model, text, i.keyword.range.start + 1, locale).expect("keyword hover");
            assert_eq!(
                Some(h.markdown.as_str()),
                docs::topic(&topic, locale).map(str::trim_end)
            );
            for f in &i.flags {
                let topic = reference::flag_topic(i.kind, &f.name.value).expect("known flag");
                let h = hover(&model, text, f.name.range.start, locale).expect("flag hover");
                assert_eq!(
                    Some(h.markdown.as_str()),
                    docs::topic(&topic, locale).map(str::trim_end)
                );
            }
        }
    }
}

#[test]
fn every_instruction_flag_and_directive_in_english() {
    expect![[r#"
        # syntax=docker/dockerfile:1-labs → Chooses the Dockerfile frontend, the image that BuildKit pulls to read this Dockerfile.
        # escape=\ → Sets the escape character, which also continues an instruction on the next line. Default `\`.
        # check=skip=JSONArgsRecommended;error=true → Configures the build checks that BuildKit runs on this Dockerfile.
        ARG → Declares a build argument: a variable the person running the build may set with `docker build --build-arg <name>=<value>`.
        FROM → Starts a new build stage on top of a base image.
        --platform=$BUILDPLATFORM → Pulls the base image for this platform instead of the platform the build targets.
        RUN → Runs commands on top of the current image and commits the result as a new layer.
        --mount=type=cache,target=/root/.cache → Mounts a file system into this `RUN` only; nothing mounted ends up in the layer.
        --network=none → Chooses the network this `RUN` sees.
        --security=insecure → Runs this `RUN` inside the normal sandbox (`sandbox`, the default) or without it (`insecure`).
        --device=nvidia.com/gpu=all → Makes a CDI (Container Device Interface) device, such as a GPU, available to this `RUN`.
        COPY → Copies files and directories from the build context, or from another stage, image or named context with `--from`, into the image.
        --from=builder → Copies from an earlier stage, an image or a named build context instead of the build context.
        --chown=app:app → Sets the owner and group of the copied files, instead of `root` (`0:0`).
        --chmod=0755 → Sets the permission bits of the copied files.
        --link → Puts the copied files in a layer of their own that does not depend on the layers below it.
        --parents → Keeps the parent directories of each source under the destination.
        --exclude=*.md → Leaves out the files that match a pattern.
        ADD → Copies files, directories, remote URLs or Git repositories into the image, extracting local tar archives on the way.
        --chown=1:1 → Sets the owner and group of the copied files, instead of `root` (`0:0`).
        --chmod=644 → Sets the permission bits of the copied files.
        --link → Puts the copied files in a layer of their own that does not depend on the layers below it.
        --checksum=sha256:abc → Verifies a remote file against a known digest; the build fails if the content differs.
        --keep-git-dir → Keeps the `.git` directory when `ADD` clones a Git repository.
        --unpack=true → Decides whether `ADD` extracts an archive.
        --exclude=x → Leaves out the files that match a pattern.
        HEALTHCHECK → Tells the container runtime how to test that the container is still working.
        --interval=30s → Time between two health checks. Default `30s`.
        --timeout=3s → How long one check may run before it counts as failed. Default `30s`.
        --start-period=5s → Time the container gets to start up. Default `0s`.
        --start-interval=1s → Time between checks during the start period. Default `5s`.
        --retries=3 → Number of consecutive failed checks after which the container is `unhealthy`. Default `3`.
        CMD → Sets the default command of a container, or the default arguments of the `ENTRYPOINT`.
        ENTRYPOINT → Sets the program a container runs, making the image behave like an executable.
        ENV → Sets environment variables for the following instructions of the stage and for containers started from the image.
        EXPOSE → Declares the network ports the container listens on; it does not publish them.
        LABEL → Adds metadata to the image as key-value pairs.
        MAINTAINER → Deprecated: sets the *Author* field of the image.
        ONBUILD → Registers an instruction that runs later, when another Dockerfile uses this image as its base.
        SHELL → Changes the shell that runs the shell form of the following `RUN`, `CMD` and `ENTRYPOINT` instructions.
        STOPSIGNAL → Sets the signal sent to the container's main process to ask it to stop.
        USER → Sets the user (and optionally the group) for the following `RUN`, `CMD` and `ENTRYPOINT` instructions and for the container.
        VOLUME → Marks directories as mount points for volumes that live outside the container's file system.
        WORKDIR → Sets the working directory for the following `RUN`, `CMD`, `ENTRYPOINT`, `COPY` and `ADD` instructions, like `cd`."#]].assert_eq(&everything(Locale::En));
}

#[test]
fn every_instruction_flag_and_directive_in_chinese() {
    expect![[r#"
        # syntax=docker/dockerfile:1-labs → 选择 Dockerfile 前端，即 BuildKit 用来解读本 Dockerfile 而拉取的镜像。
        # escape=\ → 设置转义字符，它同时也是把指令延续到下一行的续行符。默认为 `\`。
        # check=skip=JSONArgsRecommended;error=true → 配置 BuildKit 对本 Dockerfile 执行的构建检查。
        ARG → 声明一个构建参数：执行构建的人可以用 `docker build --build-arg <name>=<value>` 设置它的值。
        FROM → 以一个基础镜像为起点，开始一个新的构建阶段。
        --platform=$BUILDPLATFORM → 拉取指定平台的基础镜像，而不是构建目标平台的镜像。
        RUN → 在当前镜像之上执行命令，并把结果提交为新的一层。
        --mount=type=cache,target=/root/.cache → 只为这一个 `RUN` 挂载文件系统；挂载的内容不会进入镜像层。
        --network=none → 选择这个 `RUN` 使用的网络。
        --security=insecure → 让这个 `RUN` 在普通沙箱中运行（`sandbox`，默认），或不使用沙箱（`insecure`）。
        --device=nvidia.com/gpu=all → 让这个 `RUN` 可以使用 CDI（Container Device Interface）设备，例如 GPU。
        COPY → 把构建上下文中的文件和目录复制到镜像中；使用 `--from` 时则从其他阶段、镜像或具名上下文复制。
        --from=builder → 从之前的阶段、某个镜像或具名构建上下文复制，而不是从构建上下文复制。
        --chown=app:app → 设置所复制文件的属主和属组，代替默认的 `root`（`0:0`）。
        --chmod=0755 → 设置所复制文件的权限位。
        --link → 把复制的文件放在独立的一层中，不依赖其下方的层。
        --parents → 在目标位置下保留每个源的父目录。
        --exclude=*.md → 排除与模式匹配的文件。
        ADD → 把文件、目录、远程 URL 或 Git 仓库复制到镜像中，本地 tar 压缩包会顺便解压。
        --chown=1:1 → 设置所复制文件的属主和属组，代替默认的 `root`（`0:0`）。
        --chmod=644 → 设置所复制文件的权限位。
        --link → 把复制的文件放在独立的一层中，不依赖其下方的层。
        --checksum=sha256:abc → 用已知摘要校验远程文件；内容不一致时构建失败。
        --keep-git-dir → `ADD` 克隆 Git 仓库时保留 `.git` 目录。
        --unpack=true → 决定 `ADD` 是否解压压缩包。
        --exclude=x → 排除与模式匹配的文件。
        HEALTHCHECK → 告诉容器运行时如何检查容器是否仍在正常工作。
        --interval=30s → 两次健康检查之间的间隔。默认 `30s`。
        --timeout=3s → 单次检查允许运行的最长时间，超时即视为失败。默认 `30s`。
        --start-period=5s → 留给容器启动的时间。默认 `0s`。
        --start-interval=1s → 启动期内两次检查之间的间隔。默认 `5s`。
        --retries=3 → 连续失败多少次后容器被标记为 `unhealthy`。默认 `3`。
        CMD → 设置容器的默认命令，或 `ENTRYPOINT` 的默认参数。
        ENTRYPOINT → 设置容器运行的程序，让镜像像一个可执行文件一样使用。
        ENV → 为阶段中之后的指令以及由该镜像启动的容器设置环境变量。
        EXPOSE → 声明容器监听的网络端口；它并不会发布（映射）端口。
        LABEL → 以键值对的形式为镜像添加元数据。
        MAINTAINER → 已弃用：设置镜像的 *Author* 字段。
        ONBUILD → 登记一条稍后执行的指令：当另一个 Dockerfile 以本镜像为基础镜像时才运行。
        SHELL → 修改之后 `RUN`、`CMD`、`ENTRYPOINT` 指令的 shell 形式所使用的 shell。
        STOPSIGNAL → 设置要求容器主进程退出时发送给它的信号。
        USER → 设置之后的 `RUN`、`CMD`、`ENTRYPOINT` 指令以及容器运行时使用的用户（以及可选的用户组）。
        VOLUME → 把目录标记为挂载点，用于存放位于容器文件系统之外的卷。
        WORKDIR → 为之后的 `RUN`、`CMD`、`ENTRYPOINT`、`COPY`、`ADD` 指令设置工作目录，相当于 `cd`。"#]]
    .assert_eq(&everything(Locale::ZhHans));
}

/// Every key of every mount type, written once.
const MOUNTS: &str = "FROM alpine AS src
RUN --mount=type=bind,target=/a,source=/b,from=src,rw \\
    --mount=type=cache,id=c,target=/c,ro,sharing=locked,from=src,source=/s,mode=0755,uid=1,gid=1 \\
    --mount=type=tmpfs,target=/t,size=64m \\
    --mount=type=secret,id=s,target=/run/s,env=TOKEN,required,mode=0400,uid=1,gid=1 \\
    --mount=type=ssh,id=default,target=/run/ssh,required,mode=0600,uid=1,gid=1 \\
    true
";

fn mounts(locale: Locale) -> String {
    let text = MOUNTS;
    let model = model::parse(text);
    let run = &model.instructions[1];
    let mut out = Vec::new();
    for flag in &run.flags {
        let value = flag.value.as_ref().expect("mount value");
        for field in reference::mount_fields(&value.value) {
            let offset = value.range.start + field.key_start;
            let h = hover(&model, text, offset, locale).expect("mount key hover");
            out.push(format!("{} → {}", h.range.slice(text), first_prose(&h.markdown)));
        }
    }
    out.join("\n")
}

#[test]
fn every_mount_type_and_key_in_english() {
    expect![[r#"
        type=bind → Mounts files from the build context, a stage, an image or a named context into this `RUN`, read-only by default. `bind` is the default type.
        target=/a → `target=<path>` (also `dst`, `destination`): **required**. Where the files appear inside the `RUN`. A relative path is resolved against `WORKDIR`.
        source=/b → `source=<path>` (also `src`): the path inside `from` to mount. Defaults to its root.
        from=src → `from=<stage|image|context>`: where the files come from: an earlier stage, an image or a named build context. Defaults to the build context.
        rw → `rw` or `rw=<bool>` (also `readwrite`): allow writes to the mounted files. The writes are discarded when the step ends. The opposite, `ro` (`readonly`), is the default for bind mounts.
        type=cache → Mounts a directory that persists between builds, for the caches of compilers and package managers.
        id=c → `id=<id>`: names the cache. Mounts with the same id share one cache, even in different stages or at different targets. Defaults to the `target` path.
        target=/c → `target=<path>` (also `dst`, `destination`): **required**. Where the cache directory is mounted, for example `/root/.cache/pip` or `/var/cache/apt`.
        ro → `ro` or `ro=<bool>` (also `readonly`): mount the cache read-only. Cache mounts are writable by default.
        sharing=locked → `sharing=<shared|private|locked>`: what happens when several builds use the same cache at once. Default `shared`.
        from=src → `from=<stage|image>`: a stage or image whose files seed the cache the first time it is created. Defaults to an empty directory.
        source=/s → `source=<path>` (also `src`): the subpath of `from` used to seed the cache. Defaults to its root.
        mode=0755 → `mode=<octal>`: permission bits of a newly created cache directory. Default `0755`.
        uid=1 → `uid=<number>`: user ID owning a newly created cache directory. Default `0`. Set it when the step runs as a non-root `USER`.
        gid=1 → `gid=<number>`: group ID owning a newly created cache directory. Default `0`.
        type=tmpfs → Mounts an empty in-memory file system for this `RUN`.
        target=/t → `target=<path>` (also `dst`, `destination`): **required**. Where the in-memory file system is mounted.
        size=64m → `size=<size>`: upper limit of the file system, with a unit such as `64m` or `1g`. No limit by default.
        type=secret → Gives this `RUN` a secret (a token, a password, a key) without writing it into any layer or into the image history.
        id=s → `id=<id>`: the secret's name, as given to `docker build --secret id=<id>`. Defaults to the last element of `target`.
        target=/run/s → `target=<path>` (also `dst`, `destination`): where the secret file appears. Defaults to `/run/secrets/<id>` (unless `env` is set).
        env=TOKEN → `env=<name>`: expose the secret as the environment variable `<name>` of this `RUN` instead of as a file (set `target` too to get both).
        required → `required` or `required=<bool>`: fail the build when the secret was not provided. Default `false`: the step runs without it.
        mode=0400 → `mode=<octal>`: permission bits of the secret file. Default `0400`.
        uid=1 → `uid=<number>`: user ID owning the secret file. Default `0`. Set it when the step runs as a non-root `USER`.
        gid=1 → `gid=<number>`: group ID owning the secret file. Default `0`.
        type=ssh → Gives this `RUN` access to an SSH agent, for example to clone private Git repositories, without copying keys into the image.
        id=default → `id=<id>`: which agent or key set to use, as given to `docker build --ssh <id>=...`. Default `default`.
        target=/run/ssh → `target=<path>` (also `dst`, `destination`): path of the agent socket. Defaults to `/run/buildkit/ssh_agent.<N>`; `SSH_AUTH_SOCK` is set accordingly.
        required → `required` or `required=<bool>`: fail the build when no SSH agent or key was provided. Default `false`.
        mode=0600 → `mode=<octal>`: permission bits of the agent socket. Default `0600`.
        uid=1 → `uid=<number>`: user ID owning the agent socket. Default `0`. Set it when the step runs as a non-root `USER`.
        gid=1 → `gid=<number>`: group ID owning the agent socket. Default `0`."#]].assert_eq(&mounts(Locale::En));
}

#[test]
fn every_mount_type_and_key_in_chinese() {
    expect![[r#"
        type=bind → 把构建上下文、某个阶段、镜像或具名上下文中的文件挂载到这个 `RUN` 中，默认只读。`bind` 是默认类型。
        target=/a → `target=<path>`（也可写作 `dst`、`destination`）：**必填**。文件在 `RUN` 中出现的位置。相对路径以 `WORKDIR` 为基准。
        source=/b → `source=<path>`（也可写作 `src`）：要挂载的 `from` 中的路径。默认为其根目录。
        from=src → `from=<stage|image|context>`：文件的来源：之前的阶段、镜像或具名构建上下文。默认为构建上下文。
        rw → `rw` 或 `rw=<bool>`（也可写作 `readwrite`）：允许写入挂载的文件。写入的内容在步骤结束后被丢弃。与之相反的 `ro`（`readonly`）是绑定挂载的默认值。
        type=cache → 挂载一个在多次构建之间保留的目录，供编译器和包管理器存放缓存。
        id=c → `id=<id>`：缓存的名称。id 相同的挂载共用一个缓存，即使位于不同阶段或挂载到不同位置。默认为 `target` 路径。
        target=/c → `target=<path>`（也可写作 `dst`、`destination`）：**必填**。缓存目录的挂载位置，例如 `/root/.cache/pip` 或 `/var/cache/apt`。
        ro → `ro` 或 `ro=<bool>`（也可写作 `readonly`）：以只读方式挂载缓存。缓存挂载默认可写。
        sharing=locked → `sharing=<shared|private|locked>`：多个构建同时使用同一缓存时的行为。默认 `shared`。
        from=src → `from=<stage|image>`：首次创建缓存时，用来填充缓存的阶段或镜像。默认为空目录。
        source=/s → `source=<path>`（也可写作 `src`）：`from` 中用于填充缓存的子路径。默认为其根目录。
        mode=0755 → `mode=<octal>`：新建缓存目录的权限位。默认 `0755`。
        uid=1 → `uid=<number>`：新建缓存目录的属主用户 ID。默认 `0`。步骤以非 root 的 `USER` 运行时需要设置。
        gid=1 → `gid=<number>`：新建缓存目录的属组 ID。默认 `0`。
        type=tmpfs → 为这个 `RUN` 挂载一个空的内存文件系统。
        target=/t → `target=<path>`（也可写作 `dst`、`destination`）：**必填**。内存文件系统的挂载位置。
        size=64m → `size=<size>`：文件系统的大小上限，带单位，如 `64m` 或 `1g`。默认不限制。
        type=secret → 把密钥（令牌、密码、私钥）交给这个 `RUN` 使用，而不写入任何镜像层或镜像历史。
        id=s → `id=<id>`：密钥的名称，与 `docker build --secret id=<id>` 中的一致。默认为 `target` 的最后一段。
        target=/run/s → `target=<path>`（也可写作 `dst`、`destination`）：密钥文件出现的位置。默认为 `/run/secrets/<id>`（设置了 `env` 时除外）。
        env=TOKEN → `env=<name>`：把密钥作为这个 `RUN` 的环境变量 `<name>` 提供，而不是作为文件（同时设置 `target` 则两者都有）。
        required → `required` 或 `required=<bool>`：未提供密钥时让构建失败。默认 `false`：步骤在没有密钥的情况下运行。
        mode=0400 → `mode=<octal>`：密钥文件的权限位。默认 `0400`。
        uid=1 → `uid=<number>`：密钥文件的属主用户 ID。默认 `0`。步骤以非 root 的 `USER` 运行时需要设置。
        gid=1 → `gid=<number>`：密钥文件的属组 ID。默认 `0`。
        type=ssh → 让这个 `RUN` 可以访问 SSH agent，例如克隆私有 Git 仓库，而无需把私钥复制进镜像。
        id=default → `id=<id>`：使用哪个 agent 或哪组私钥，与 `docker build --ssh <id>=...` 中的一致。默认 `default`。
        target=/run/ssh → `target=<path>`（也可写作 `dst`、`destination`）：agent 套接字的路径。默认为 `/run/buildkit/ssh_agent.<N>`；`SSH_AUTH_SOCK` 会相应设置。
        required → `required` 或 `required=<bool>`：未提供 SSH agent 或私钥时让构建失败。默认 `false`。
        mode=0600 → `mode=<octal>`：agent 套接字的权限位。默认 `0600`。
        uid=1 → `uid=<number>`：agent 套接字的属主用户 ID。默认 `0`。步骤以非 root 的 `USER` 运行时需要设置。
        gid=1 → `gid=<number>`：agent 套接字的属组 ID。默认 `0`。"#]].assert_eq(&mounts(Locale::ZhHans));
}

#[test]
fn mount_keys_cover_the_reference() {
    let model = model::parse(MOUNTS);
    let Some(run) = model.instructions.get(1) else {
        panic!("no RUN")
    };
    for t in reference::MOUNT_TYPES {
        let flag = run
            .flags
            .iter()
            .find(|f| {
                f.value
                    .as_ref()
                    .is_some_and(|v| reference::mount_type_of(&v.value) == t.name)
            })
            .unwrap_or_else(|| panic!("no {} mount", t.name));
        let value = &flag.value.as_ref().map(|v| v.value.clone()).unwrap_or_default();
        for key in t.keys {
            let written = reference::mount_fields(value)
                .iter()
                .any(|f| reference::mount_key(t.name, f.key).is_some_and(|k| k.name == key.name));
            assert!(written, "{}: key {} missing from the fixture", t.name, key.name);
        }
    }
}

#[test]
fn arg_default_in_a_from_line() {
    check(
        "ARG GO_VERSION=1.22\nFROM golang:${GO_$0VERSION}\n",
        expect![[r#"
            [${GO_VERSION}]
            **Build argument `GO_VERSION`**

            Value: `1.22`

            Declared by `ARG` on line 1"#]],
    );
}

#[test]
fn stage_arg_redeclared_from_the_global_scope() {
    check(
        "ARG V=3.20\nFROM alpine\nARG V\nRUN echo $V$0\n",
        expect![[r#"
            [$V]
            **Build argument `V`**

            Value: `3.20`

            Declared by `ARG` on line 3

            Default from the global `ARG` on line 1"#]],
    );
    check_zh(
        "ARG V=3.20\nFROM alpine\nARG V\nRUN echo $V$0\n",
        expect![[r#"
            [$V]
            **构建参数 `V`**

            值：`3.20`

            由第 3 行的 `ARG` 声明

            默认值来自第 1 行的全局 `ARG`"#]],
    );
}

#[test]
fn env_inherited_from_a_parent_stage_wins_over_arg() {
    check(
        "FROM alpine AS base\nARG MODE=dev\nENV MODE=prod\nFROM base\nRUN echo ${MO$0DE}\n",
        expect![[r#"
            [${MODE}]
            **Environment variable `MODE`**

            Value: `prod`

            Set by `ENV` on line 3

            Inherited from stage `base`"#]],
    );
}

#[test]
fn env_value_expands_earlier_variables() {
    check(
        "FROM alpine\nARG PREFIX=/opt\nENV PATH=\"$PREFIX/bin\"\nWORKDIR $P$0ATH\n",
        expect![[r#"
            [$PATH]
            **Environment variable `PATH`**

            Value: `/opt/bin`

            Set by `ENV` on line 3"#]],
    );
}

#[test]
fn arg_without_default() {
    check(
        "FROM alpine\nARG TOKEN\nRUN echo $TOK$0EN\n",
        expect![[r#"
        [$TOKEN]
        **Build argument `TOKEN`**

        No default value: empty unless set with `--build-arg TOKEN=<value>`

        Declared by `ARG` on line 2"#]],
    );
}

#[test]
fn predefined_platform_argument() {
    check(
        "FROM --platform=$BUILD$0PLATFORM alpine\n",
        expect![[r#"
        [$BUILDPLATFORM]
        **Predefined build argument `BUILDPLATFORM`**

        Set by the builder for every build

        ---

        `BUILDPLATFORM`: predefined build argument: the platform of the machine running the build, as `os/arch[/variant]`.

        Example value: `linux/amd64`.

        It is set automatically in the global scope, so it can be used in `FROM` lines. Inside a stage it is only visible after `ARG BUILDPLATFORM` (without a value).

        ```dockerfile
        FROM --platform=$BUILDPLATFORM golang:1.22 AS builder
        ARG BUILDPLATFORM
        RUN echo "$BUILDPLATFORM"
        ```

        [Dockerfile reference: automatic platform args](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)"#]],
    );
}

#[test]
fn platform_argument_not_declared_in_the_stage() {
    check(
        "FROM alpine\nRUN echo $TARGET$0ARCH\n",
        expect![[r#"
        [$TARGETARCH]
        **Predefined build argument `TARGETARCH`**

        Not visible in this stage: add `ARG TARGETARCH` to the stage to use it

        ---

        `TARGETARCH`: predefined build argument: the architecture part of `TARGETPLATFORM`.

        Example value: `arm64`.

        It is set automatically in the global scope, so it can be used in `FROM` lines. Inside a stage it is only visible after `ARG TARGETARCH` (without a value).

        ```dockerfile
        FROM --platform=$BUILDPLATFORM golang:1.22 AS builder
        ARG TARGETARCH
        RUN echo "$TARGETARCH"
        ```

        [Dockerfile reference: automatic platform args](https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope)"#]],
    );
}

#[test]
fn proxy_argument_needs_no_declaration() {
    check(
        "FROM alpine\nRUN curl --proxy $HTTP$0S_PROXY example.com\n",
        expect![[r#"
            [$HTTPS_PROXY]
            **Predefined build argument `HTTPS_PROXY`**

            Set only when passed with `--build-arg`

            ---

            `HTTP_PROXY`, `HTTPS_PROXY`, `FTP_PROXY`, `NO_PROXY`, `ALL_PROXY` and their lower-case forms: predefined build arguments for the network proxy.

            They need no `ARG` line: pass them with `docker build --build-arg HTTP_PROXY=http://proxy:3128` and every `RUN` sees them. Unlike other build arguments, they are left out of `docker history` and do not invalidate the build cache, so a proxy address does not leak into the image or force a rebuild.

            ```dockerfile
            RUN curl -fsSL https://example.com/file -o /tmp/file
            ```

            [Dockerfile reference: predefined ARGs](https://docs.docker.com/reference/dockerfile/#predefined-args)"#]],
    );
}

#[test]
fn unknown_variable() {
    check(
        "FROM alpine\nRUN echo $HO$0ME\n",
        expect![[r#"
        [$HOME]
        **Variable `HOME`**

        Not declared before this line in this Dockerfile: it expands to an empty string unless the base image sets it"#]],
    );
    check_zh(
        "FROM alpine\nRUN echo $HO$0ME\n",
        expect![[r#"
        [$HOME]
        **变量 `HOME`**

        本 Dockerfile 在此行之前没有声明它：除非基础镜像设置了它，否则展开为空字符串"#]],
    );
}

#[test]
fn variable_declaration() {
    check(
        "FROM alpine\nENV AP$0P_HOME=/app\n",
        expect![[r#"
        [APP_HOME]
        **Environment variable `APP_HOME`**

        Value: `/app`

        Set by `ENV` on line 2"#]],
    );
}

#[test]
fn stage_name_in_from_as() {
    check(
        "FROM golang:1.22 AS bu$0ilder\n",
        expect![[r#"
        [builder]
        **Stage `builder`**

        Defined on line 1 (stage #0)

        Base image: `golang:1.22`"#]],
    );
}

#[test]
fn stage_in_copy_from() {
    check(
        "FROM golang:1.22 AS builder\nRUN go build\n\nFROM alpine\nCOPY --from=buil$0der /app /app\n",
        expect![[r#"
            [builder]
            **Stage `builder`**

            Defined on line 1 (stage #0)

            Base image: `golang:1.22`"#]],
    );
    check_zh(
        "FROM golang:1.22 AS builder\nRUN go build\n\nFROM alpine\nCOPY --from=buil$0der /app /app\n",
        expect![[r#"
            [builder]
            **阶段 `builder`**

            定义于第 1 行（阶段 #0）

            基础镜像：`golang:1.22`"#]],
    );
}

#[test]
fn stage_in_from_and_by_index() {
    check(
        "FROM alpine AS base\nFROM ba$0se\n",
        expect![[r#"
        [base]
        **Stage `base`**

        Defined on line 1 (stage #0)

        Base image: `alpine`"#]],
    );
    check(
        "FROM alpine\nFROM scratch\nCOPY --from=0$0 /a /a\n",
        expect![[r#"
        [0]
        **Stage #0**

        Defined on line 1 (stage #0)

        Base image: `alpine`"#]],
    );
}

#[test]
fn stage_in_mount_from() {
    check(
        "FROM node:22 AS deps\nFROM alpine\nRUN --mount=type=bind,from=de$0ps,source=/app,target=/app true\n",
        expect![[r#"
            [deps]
            **Stage `deps`**

            Defined on line 1 (stage #0)

            Base image: `node:22`"#]],
    );
}

#[test]
fn image_with_implicit_parts() {
    check(
        "FROM alp$0ine\n",
        expect![[r#"
        [alpine]
        **Image `alpine`**

        - **Registry:** `docker.io` *(implicit: Docker Hub)*
        - **Namespace:** `library` *(implicit: official images)*
        - **Repository:** `alpine`
        - **Tag:** `latest` *(implicit)*
        - **Full reference:** `docker.io/library/alpine:latest`

        ---

        `alpine`: a minimal Linux (about 5 MB) built on musl libc and BusyBox, with the `apk` package manager."#]],
    );
    check_zh(
        "FROM alp$0ine\n",
        expect![[r#"
        [alpine]
        **镜像 `alpine`**

        - **镜像仓库地址：** `docker.io` *(隐含：Docker Hub)*
        - **命名空间：** `library` *(隐含：官方镜像)*
        - **仓库名：** `alpine`
        - **标签：** `latest` *(隐含)*
        - **完整引用：** `docker.io/library/alpine:latest`

        ---

        `alpine`：基于 musl libc 和 BusyBox 的极简 Linux（约 5 MB），包管理器为 `apk`。"#]],
    );
}

#[test]
fn image_with_every_part() {
    check(
        "FROM ghcr.io/org/team/app:1.2@sha256:0123$0abcd\n",
        expect![[r#"
        [ghcr.io/org/team/app:1.2@sha256:0123abcd]
        **Image `ghcr.io/org/team/app:1.2@sha256:0123abcd`**

        - **Registry:** `ghcr.io`
        - **Namespace:** `org/team`
        - **Repository:** `app`
        - **Tag:** `1.2`
        - **Digest:** `sha256:0123abcd`
        - **Full reference:** `ghcr.io/org/team/app:1.2@sha256:0123abcd`

        The digest pins the exact content; the tag is then only informative"#]],
    );
}

#[test]
fn image_through_a_global_arg() {
    check(
        "ARG TAG=1.22\nFROM golang:$T$0AG-alpine AS b\n",
        expect![[r#"
        [$TAG]
        **Build argument `TAG`**

        Value: `1.22`

        Declared by `ARG` on line 1"#]],
    );
    check(
        "ARG TAG=1.22\nFROM go$0lang:$TAG-alpine AS b\n",
        expect![[r#"
        [golang:$TAG-alpine]
        **Image `golang:$TAG-alpine`**

        - **Registry:** `docker.io` *(implicit: Docker Hub)*
        - **Namespace:** `library` *(implicit: official images)*
        - **Repository:** `golang`
        - **Tag:** `1.22-alpine`
        - **Full reference:** `docker.io/library/golang:1.22-alpine`

        With the global `ARG` defaults: `golang:1.22-alpine`

        ---

        `golang`: the Go toolchain, for build stages."#]],
    );
}

#[test]
fn image_in_copy_from() {
    check(
        "FROM alpine\nCOPY --from=nginx:1.2$07 /etc/nginx /etc/nginx\n",
        expect![[r#"
        [nginx:1.27]
        **Image `nginx:1.27`**

        - **Registry:** `docker.io` *(implicit: Docker Hub)*
        - **Namespace:** `library` *(implicit: official images)*
        - **Repository:** `nginx`
        - **Tag:** `1.27`
        - **Full reference:** `docker.io/library/nginx:1.27`

        ---

        `nginx`: the nginx web server and reverse proxy."#]],
    );
}

#[test]
fn scratch() {
    check(
        "FROM scra$0tch\n",
        expect![[r#"
        [scratch]
        `scratch`: the empty image. Not pulled: it has no files at all.

        Use it for statically linked programs (Go with `CGO_ENABLED=0`, Rust with musl). The result is as small as possible, but there is no shell, no CA certificates and no time zone data unless you copy them in."#]],
    );
}

#[test]
fn exposed_ports() {
    check(
        "FROM alpine\nEXPOSE 8$00 53/udp\n",
        expect![[r#"
        [80]
        **Port `80`**

        Protocol: `tcp` (the default)

        Usually: HTTP

        `EXPOSE` only declares the port. Publish it with `docker run -p <host port>:80`, or publish every exposed port with `docker run -P`."#]],
    );
    check(
        "FROM alpine\nEXPOSE 80 53/u$0dp\n",
        expect![[r#"
        [53/udp]
        **Port `53`**

        Protocol: `udp`

        Usually: DNS

        `EXPOSE` only declares the port. Publish it with `docker run -p <host port>:53`, or publish every exposed port with `docker run -P`."#]],
    );
    check_zh(
        "FROM alpine\nEXPOSE 8000-80$010/tcp\n",
        expect![[r#"
        [8000-8010/tcp]
        **端口 `8000` 至 `8010`**

        协议：`tcp`

        `EXPOSE` 只是声明端口。用 `docker run -p <宿主机端口>:8000-8010` 发布该端口，或用 `docker run -P` 发布所有声明的端口。"#]],
    );
}

#[test]
fn mount_values() {
    check(
        "FROM alpine\nRUN --mount=type=ca$0che,target=/c true\n",
        expect![[r#"
        [type=cache]
        ```dockerfile
        RUN --mount=type=cache,target=<path>[,id=<id>][,sharing=<shared|private|locked>][,...] <command>
        ```

        Mounts a directory that persists between builds, for the caches of compilers and package managers.

        The cache is not part of the image and may be emptied at any time: the step must still work with an empty cache. It speeds up rebuilds when the layer cache misses, for example after a new dependency is added.

        Keys: `target` (required), `id`, `ro`, `sharing`, `from`, `source`, `mode`, `uid`, `gid`.

        ```dockerfile
        RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
            --mount=type=cache,target=/var/lib/apt,sharing=locked \
            apt-get update && apt-get install -y --no-install-recommends gcc
        ```

        [Dockerfile reference: RUN --mount=type=cache](https://docs.docker.com/reference/dockerfile/#run---mounttypecache)"#]],
    );
    check(
        "FROM alpine\nRUN --mount=type=cache,target=/c,sharing=lo$0cked true\n",
        expect![[r#"
        [sharing=locked]
        `sharing=<shared|private|locked>`: what happens when several builds use the same cache at once. Default `shared`.

        - `shared`: all writers use the cache at the same time.
        - `private`: a writer that finds the cache in use gets a new, empty one.
        - `locked`: a second writer waits until the first releases the cache. Needed for `apt`, which cannot share its cache.

        ```dockerfile
        RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
        ```"#]],
    );
}

#[test]
fn healthcheck_cmd_and_onbuild_trigger() {
    check(
        "FROM alpine\nHEALTHCHECK --interval=5s C$0MD true\n",
        expect![[r#"
        [CMD]
        ```dockerfile
        HEALTHCHECK [OPTIONS] CMD <command>
        HEALTHCHECK NONE
        ```

        Tells the container runtime how to test that the container is still working.

        **Adds a layer:** no (image metadata).

        The command runs inside the container at every interval. Exit status `0` means healthy, `1` unhealthy; `2` is reserved. After `--retries` consecutive failures the container is reported `unhealthy`. `HEALTHCHECK NONE` disables a check inherited from the base image. Only the last `HEALTHCHECK` counts.

        Options (before `CMD`): `--interval` (default `30s`), `--timeout` (`30s`), `--start-period` (`0s`), `--start-interval` (`5s`), `--retries` (`3`).

        **Advice**

        - Keep the check cheap and make sure its tool exists in the image (`curl` is often missing from small images).
        - Kubernetes ignores `HEALTHCHECK`; it uses the liveness and readiness probes of the pod spec.

        **Example**

        ```dockerfile
        HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
          CMD curl -fsS http://localhost:8080/healthz || exit 1
        ```

        [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)"#]],
    );
    check(
        "FROM alpine\nONBUILD CO$0PY . /app\n",
        expect![[r#"
        [COPY]
        ```dockerfile
        COPY [OPTIONS] <src> ... <dest>
        COPY [OPTIONS] ["<src>", ... "<dest>"]
        ```

        Copies files and directories from the build context, or from another stage, image or named context with `--from`, into the image.

        **Adds a layer:** yes.

        Unlike `ADD`, `COPY` takes no URLs and never unpacks archives: what you name is what you get. Sources may use Go-style wildcards and must lie inside the build context; use the JSON form for paths with spaces. With several sources, `<dest>` must be a directory ending in `/`. A missing `<dest>` directory is created; relative destinations are resolved against `WORKDIR`.

        Options: `--from`, `--chown`, `--chmod`, `--link`, `--parents`, `--exclude`.

        **Advice**

        - Prefer `COPY` to `ADD` for local files.
        - The cache key is the checksum of the copied files. Copy what changes rarely first (dependency manifests such as `go.mod` or `package.json`), install dependencies, then copy the rest of the sources: an edit to one source file then no longer re-downloads every dependency.
        - In a multi-stage build, copy only the build result from the builder stage (`COPY --from=builder /out/app /app`), so compilers and sources stay out of the final image.
        - Keep the build context small with a `.dockerignore` file.

        **Example**

        ```dockerfile
        COPY go.mod go.sum ./
        RUN go mod download
        COPY . .
        COPY --from=builder /go/src/app/app /usr/local/bin/app
        ```

        [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)"#]],
    );
}

#[test]
fn directives_in_both_languages() {
    check(
        "# esc$0ape=`\nFROM alpine\n",
        expect![[r#"
        [# escape=`]
        ```dockerfile
        # escape=<\ or `>
        ```

        Sets the escape character, which also continues an instruction on the next line. Default `\`.

        On Windows images, `` # escape=` `` lets paths such as `C:\Windows\` be written without doubling every backslash. The character does not apply inside `RUN` commands, except at the end of a line. Like every parser directive, it must be at the very top of the file and may appear only once.

        ```dockerfile
        # escape=`
        FROM mcr.microsoft.com/windows/servercore:ltsc2022
        COPY testfile.txt C:\
        RUN dir C:\
        ```

        [Dockerfile reference: escape](https://docs.docker.com/reference/dockerfile/#escape)"#]],
    );
    check_zh(
        "# syn$0tax=docker/dockerfile:1\nFROM alpine\n",
        expect![[r#"
        [# syntax=docker/dockerfile:1]
        ```dockerfile
        # syntax=<frontend image>
        ```

        选择 Dockerfile 前端，即 BuildKit 用来解读本 Dockerfile 而拉取的镜像。

        `# syntax=docker/dockerfile:1` 总是使用最新的稳定 1.x 语法，无需等待 Docker 升级；`docker/dockerfile:1-labs` 额外提供实验性功能；写完整版本（`docker/dockerfile:1.7`）或摘要则可以固定版本。与所有解析器指令一样，它必须位于文件最顶部，在任何指令、注释或空行之前，并且只能出现一次。

        ```dockerfile
        # syntax=docker/dockerfile:1
        FROM alpine:3.20
        ```

        [Dockerfile 参考：syntax](https://docs.docker.com/reference/dockerfile/#syntax)"#]],
    );
}

#[test]
fn nothing_on_plain_text() {
    check("FROM alpine\nRUN echo hel$0lo\n", expect![[r#"(no hover)"#]]);
    check("# just a com$0ment\nFROM alpine\n", expect![[r#"(no hover)"#]]);
}

/// The title and the first heading: enough to see that the right rule's docs were picked (the
/// docs themselves belong to the rule and are checked whole by `contains_rule_docs`).
fn headline(rendered: &str) -> String {
    rendered.lines().take(4).collect::<Vec<_>>().join("\n")
}

fn contains_rule_docs(rendered: &str, id: &str, locale: Locale) {
    let rule = rules::find(id).expect("rule exists");
    let docs = match locale {
        Locale::En => rule.docs.en,
        Locale::ZhHans => rule.docs.zh,
    };
    assert!(
        rendered.contains(docs.trim()),
        "the hover does not show the docs of {id}"
    );
}

fn check_diagnostic(locale: Locale, fixture: &str, expect: Expect) {
    let (text, offset) = cursor(fixture);
    let analysis = analyze(&text, &Config::default(), &Host::none(), None);
    let rendered = render(&text, diagnostic_hover(&analysis.diagnostics, offset, locale));
    if let Some(id) = rendered.lines().nth(1).and_then(|l| l.split('`').nth(1)) {
        contains_rule_docs(&rendered, id, locale);
    }
    expect.assert_eq(&headline(&rendered));
}

#[test]
fn diagnostic_shows_its_rule_docs() {
    check_diagnostic(
        Locale::En,
        "FROM alpine\nRUN --netwrk=none tr$0ue\n",
        expect!["(no hover)"],
    );
    check_diagnostic(
        Locale::En,
        "FROM alpine\nRUN --net$0wrk=none true\n",
        expect![[r#"
        [--netwrk]
        **Rule `unknown-flag`**

        ## What it does"#]],
    );
    check_diagnostic(
        Locale::ZhHans,
        "FROM alpine\nRUN --net$0wrk=none true\n",
        expect![[r#"
        [--netwrk]
        **规则 `unknown-flag`**

        ## 作用"#]],
    );
}

#[test]
fn suppression_comment_names_a_rule() {
    let fixture = "FROM alpine\n# dockerfile-lsp ignore=unknown-fl$0ag\nRUN --netwrk=none true\n";
    let (text, offset) = cursor(fixture);
    let model = model::parse(&text);
    let rendered = render(&text, hover(&model, &text, offset, Locale::En));
    contains_rule_docs(&rendered, "unknown-flag", Locale::En);
    expect![[r#"
        [unknown-flag]
        **Rule `unknown-flag`**

        ## What it does"#]]
    .assert_eq(&headline(&rendered));
    let (text, offset) = cursor("# check=skip=NoEmpty$0Continuation\nFROM alpine\n");
    let model = model::parse(&text);
    let rendered = render(&text, hover(&model, &text, offset, Locale::ZhHans));
    expect![[r#"
        [NoEmptyContinuation]
        **规则 `empty-continuation-line`**

        ## 作用"#]]
    .assert_eq(&headline(&rendered));
    let fixture = "# check=skip=JSONArgs$0RecommendedX\nFROM alpine\n";
    check(
        fixture,
        expect![[r#"
        [# check=skip=JSONArgsRecommendedX]
        ```dockerfile
        # check=skip=<check,...|all>
        # check=error=<bool>
        # check=skip=<check,...>;error=<bool>
        ```

        Configures the build checks that BuildKit runs on this Dockerfile.

        `skip` lists checks to turn off (for example `JSONArgsRecommended`), or `all`. `error=true` turns check warnings into build errors. Both can be combined with `;`. The same setting can be passed as the build argument `BUILDKIT_DOCKERFILE_CHECK`. It needs Dockerfile syntax 1.8 or later.

        ```dockerfile
        # check=skip=JSONArgsRecommended;error=true
        FROM alpine:3.20
        ```

        [Dockerfile reference: check](https://docs.docker.com/reference/dockerfile/#check)"#]],
    );
}

#[test]
fn onbuild_trigger_flags_and_variables() {
    let text = "FROM alpine\nARG X=1\nONBUILD RUN --netw$0ork=none echo $X\n";
    let (text, offset) = cursor(text);
    let model = model::parse(&text);
    let h = hover(&model, &text, offset, Locale::En).expect("hover on a trigger's flag");
    assert_eq!(h.range.slice(&text), "--network=none");
    assert!(matches!(model.instructions[2].args, Args::Onbuild(_)));
}
