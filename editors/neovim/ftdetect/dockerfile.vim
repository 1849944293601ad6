" Dockerfile variants that older Neovim versions do not recognise. `setfiletype` leaves a filetype that
" was already set alone, so Neovim's own detection keeps priority where it has one.
autocmd BufNewFile,BufRead Containerfile,Containerfile.*,*.Containerfile,*.containerfile setfiletype dockerfile
autocmd BufNewFile,BufRead Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile setfiletype dockerfile
