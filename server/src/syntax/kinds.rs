//! Node kinds of tree-sitter-dockerfile as constants, so that no code spells a kind as a bare
//! string; a test checks each against the grammar.

pub const SOURCE_FILE: &str = "source_file";
pub const COMMENT: &str = "comment";
pub const ERROR: &str = "ERROR";
pub const LINE_CONTINUATION: &str = "line_continuation";
pub const HEREDOC_BLOCK: &str = "heredoc_block";
pub const HEREDOC_MARKER: &str = "heredoc_marker";
pub const HEREDOC_LINE: &str = "heredoc_line";
pub const HEREDOC_END: &str = "heredoc_end";
pub const SHELL_COMMAND: &str = "shell_command";
pub const SHELL_FRAGMENT: &str = "shell_fragment";
pub const JSON_STRING_ARRAY: &str = "json_string_array";
pub const JSON_STRING: &str = "json_string";
pub const EXPANSION: &str = "expansion";
pub const VARIABLE: &str = "variable";
pub const PARAM: &str = "param";
pub const MOUNT_PARAM: &str = "mount_param";
pub const IMAGE_SPEC: &str = "image_spec";
pub const IMAGE_NAME: &str = "image_name";
pub const IMAGE_TAG: &str = "image_tag";
pub const IMAGE_DIGEST: &str = "image_digest";
pub const IMAGE_ALIAS: &str = "image_alias";
pub const PATH: &str = "path";
pub const ENV_PAIR: &str = "env_pair";
pub const LABEL_PAIR: &str = "label_pair";
pub const EXPOSE_PORT: &str = "expose_port";
pub const DOUBLE_QUOTED_STRING: &str = "double_quoted_string";
pub const SINGLE_QUOTED_STRING: &str = "single_quoted_string";
pub const UNQUOTED_STRING: &str = "unquoted_string";

pub const FROM_INSTRUCTION: &str = "from_instruction";
pub const RUN_INSTRUCTION: &str = "run_instruction";
pub const CMD_INSTRUCTION: &str = "cmd_instruction";
pub const LABEL_INSTRUCTION: &str = "label_instruction";
pub const EXPOSE_INSTRUCTION: &str = "expose_instruction";
pub const ENV_INSTRUCTION: &str = "env_instruction";
pub const ADD_INSTRUCTION: &str = "add_instruction";
pub const COPY_INSTRUCTION: &str = "copy_instruction";
pub const ENTRYPOINT_INSTRUCTION: &str = "entrypoint_instruction";
pub const VOLUME_INSTRUCTION: &str = "volume_instruction";
pub const USER_INSTRUCTION: &str = "user_instruction";
pub const WORKDIR_INSTRUCTION: &str = "workdir_instruction";
pub const ARG_INSTRUCTION: &str = "arg_instruction";
pub const ONBUILD_INSTRUCTION: &str = "onbuild_instruction";
pub const STOPSIGNAL_INSTRUCTION: &str = "stopsignal_instruction";
pub const HEALTHCHECK_INSTRUCTION: &str = "healthcheck_instruction";
pub const SHELL_INSTRUCTION: &str = "shell_instruction";
pub const MAINTAINER_INSTRUCTION: &str = "maintainer_instruction";
pub const CROSS_BUILD_INSTRUCTION: &str = "cross_build_instruction";

/// Every named kind above except `ERROR`, which tree-sitter adds itself.
pub const ALL_NAMED: &[&str] = &[
    SOURCE_FILE,
    COMMENT,
    LINE_CONTINUATION,
    HEREDOC_BLOCK,
    HEREDOC_MARKER,
    HEREDOC_LINE,
    HEREDOC_END,
    SHELL_COMMAND,
    SHELL_FRAGMENT,
    JSON_STRING_ARRAY,
    JSON_STRING,
    EXPANSION,
    VARIABLE,
    PARAM,
    MOUNT_PARAM,
    IMAGE_SPEC,
    IMAGE_NAME,
    IMAGE_TAG,
    IMAGE_DIGEST,
    IMAGE_ALIAS,
    PATH,
    ENV_PAIR,
    LABEL_PAIR,
    EXPOSE_PORT,
    DOUBLE_QUOTED_STRING,
    SINGLE_QUOTED_STRING,
    UNQUOTED_STRING,
    FROM_INSTRUCTION,
    RUN_INSTRUCTION,
    CMD_INSTRUCTION,
    LABEL_INSTRUCTION,
    EXPOSE_INSTRUCTION,
    ENV_INSTRUCTION,
    ADD_INSTRUCTION,
    COPY_INSTRUCTION,
    ENTRYPOINT_INSTRUCTION,
    VOLUME_INSTRUCTION,
    USER_INSTRUCTION,
    WORKDIR_INSTRUCTION,
    ARG_INSTRUCTION,
    ONBUILD_INSTRUCTION,
    STOPSIGNAL_INSTRUCTION,
    HEALTHCHECK_INSTRUCTION,
    SHELL_INSTRUCTION,
    MAINTAINER_INSTRUCTION,
    CROSS_BUILD_INSTRUCTION,
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_exists_in_the_grammar() {
        let language: tree_sitter::Language = arborium_dockerfile::language().into();
        for kind in super::ALL_NAMED {
            assert_ne!(
                language.id_for_node_kind(kind, true),
                0,
                "grammar has no node kind {kind}"
            );
        }
    }
}
